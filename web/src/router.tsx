import { lazy } from "react";
import { createBrowserRouter, type LoaderFunctionArgs } from "react-router-dom";
import { api } from "./api";
import { prefetchApi } from "./hooks/useApi";
import { Layout } from "./components/Layout";
import { Loading } from "./components/States";

// Each page is its own chunk: the first load carries only the layout and the page it opens.
const HomePage = lazy(() => import("./pages/HomePage"));
const PlanPage = lazy(() => import("./pages/PlanPage"));
const TreePage = lazy(() => import("./pages/TreePage"));
const ItemPage = lazy(() => import("./pages/ItemPage"));
const loadDashboard = () => import("./pages/DashboardPage");
const DashboardPage = lazy(loadDashboard);

/**
 * The dashboard's data and its chunk start loading together, as soon as the route matches,
 * instead of one after the other (chunk, then plan and figures, then the item index). Returns
 * at once: the page shows its own loading state.
 */
function prefetchDashboard({ params }: LoaderFunctionArgs): null {
  const { cut = "", planId = "" } = params;
  void loadDashboard();
  prefetchApi(api.plan(cut, planId));
  prefetchApi(api.figures(cut, planId));
  prefetchApi(api.itemIndex(cut, planId));
  return null;
}
const ReportGridPage = lazy(() => import("./pages/ReportGridPage"));
const ValidationPage = lazy(() => import("./pages/ValidationPage"));
const UnitsPage = lazy(() => import("./pages/UnitsPage"));
const LoginPage = lazy(() => import("./pages/LoginPage"));
const ResetPage = lazy(() => import("./pages/ResetPage"));
const InvitationPage = lazy(() => import("./pages/InvitationPage"));
const NotFoundPage = lazy(() => import("./pages/NotFoundPage"));
const MapPage = lazy(() => import("./pages/MapPage"));
const TerritoryImportPage = lazy(() => import("./pages/TerritoryImportPage"));
const DiagnosisImportPage = lazy(() => import("./pages/DiagnosisImportPage"));
const ImportPage = lazy(() => import("./pages/ImportPage"));

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: "/", element: <HomePage /> },
      { path: "/m/:cut/planes/:planId", element: <PlanPage /> },
      { path: "/m/:cut/planes/:planId/arbol", element: <TreePage /> },
      {
        path: "/m/:cut/planes/:planId/tablero",
        element: <DashboardPage />,
        loader: prefetchDashboard,
        hydrateFallbackElement: <Loading />,
      },
      { path: "/m/:cut/iniciativas/:itemId", element: <ItemPage /> },
      { path: "/m/:cut/reportar", element: <ReportGridPage /> },
      { path: "/m/:cut/validar", element: <ValidationPage /> },
      { path: "/m/:cut/unidades", element: <UnitsPage /> },
      { path: "/m/:cut/planes/:planId/mapa", element: <MapPage /> },
      { path: "/m/:cut/territorios/importar", element: <TerritoryImportPage /> },
      { path: "/m/:cut/diagnostico/importar", element: <DiagnosisImportPage /> },
      { path: "/ingresar", element: <LoginPage /> },
      { path: "/restablecer", element: <ResetPage /> },
      { path: "/invitacion", element: <InvitationPage /> },
      { path: "/m/:cut/importar", element: <ImportPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
