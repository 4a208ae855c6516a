import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import { parseFilters, withFilter, type DashboardFilters, type FilterName } from "./filters";

/** The dashboard's filters from the URL, and a setter that keeps them there (shareable). */
export function useFilters(): {
  filters: DashboardFilters;
  setFilter: (name: FilterName, value: string | null) => void;
  clear: () => void;
} {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(searchParams), [searchParams]);
  const setFilter = useCallback(
    (name: FilterName, value: string | null) =>
      setSearchParams((previous) => withFilter(previous, name, value), {
        replace: true,
        preventScrollReset: true,
      }),
    [setSearchParams],
  );
  const clear = useCallback(
    () => setSearchParams(new URLSearchParams(), { replace: true, preventScrollReset: true }),
    [setSearchParams],
  );
  return { filters, setFilter, clear };
}
