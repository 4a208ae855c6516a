import { lazy } from "react";
import { createBrowserRouter } from "react-router-dom";
import { Layout } from "./components/Layout";

// Each page is its own chunk: the first load carries only the layout and the page it opens.
const HomePage = lazy(() => import("./pages/HomePage"));
const PlanPage = lazy(() => import("./pages/PlanPage"));
const TreePage = lazy(() => import("./pages/TreePage"));
const ItemPage = lazy(() => import("./pages/ItemPage"));
const DashboardPage = lazy(() => import("./pages/DashboardPage"));
const ReportGridPage = lazy(() => import("./pages/ReportGridPage"));
const ValidationPage = lazy(() => import("./pages/ValidationPage"));
const UnitsPage = lazy(() => import("./pages/UnitsPage"));
const LoginPage = lazy(() => import("./pages/LoginPage"));
const ResetPage = lazy(() => import("./pages/ResetPage"));
const InvitationPage = lazy(() => import("./pages/InvitationPage"));
const NotFoundPage = lazy(() => import("./pages/NotFoundPage"));

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: "/", element: <HomePage /> },
      { path: "/m/:cut/planes/:planId", element: <PlanPage /> },
      { path: "/m/:cut/planes/:planId/arbol", element: <TreePage /> },
      { path: "/m/:cut/planes/:planId/tablero", element: <DashboardPage /> },
      { path: "/m/:cut/iniciativas/:itemId", element: <ItemPage /> },
      { path: "/m/:cut/reportar", element: <ReportGridPage /> },
      { path: "/m/:cut/validar", element: <ValidationPage /> },
      { path: "/m/:cut/unidades", element: <UnitsPage /> },
      { path: "/ingresar", element: <LoginPage /> },
      { path: "/restablecer", element: <ResetPage /> },
      { path: "/invitacion", element: <InvitationPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
