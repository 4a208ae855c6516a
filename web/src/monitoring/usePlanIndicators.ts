import { useEffect, useState } from "react";
import { api, asApiError, getJson, type ApiError } from "../api";
import { getAll, useApi } from "../hooks/useApi";
import type { ItemDetail, MeasurementDto, PlanSummaryPage } from "../types";
import { loadItemIndex } from "./useItemIndex";

export interface IndicatorRow {
  item: ItemDetail;
  indicator: ItemDetail["indicators"][number];
  measurements: MeasurementDto[];
}

export type RowsState =
  | { status: "loading" }
  | { status: "error"; error: ApiError }
  | { status: "success"; planId: string; startYear: number; endYear: number; rows: IndicatorRow[] };

/**
 * Every indicator of the municipality's plan (the first one listed) that `keep` accepts, with
 * its measurements. The API has no list of a municipality's indicators or of submitted
 * measurements, so this reads the item index and then each indicator's measurements.
 * `reload` changes to read the measurements again after writes.
 */
export function usePlanIndicators(
  cut: string,
  keep: (item: ItemDetail) => boolean,
  reload: number,
  enabled = true,
): RowsState {
  const plans = useApi<PlanSummaryPage>(enabled ? api.plans(cut) : null);
  const plan = plans.status === "success" ? plans.data.items[0] : undefined;
  const [state, setState] = useState<RowsState>({ status: "loading" });
  useEffect(() => {
    if (!plan) return;
    let live = true;
    (async () => {
      const index = await loadItemIndex(cut, plan.id);
      const items = index.items.filter(keep);
      const pairs = items.flatMap((item) =>
        item.indicators.map((indicator) => ({ item, indicator })),
      );
      const lists = await getAll(
        pairs.map((p) => api.measurements(cut, p.indicator.id)),
        (path) => getJson<{ items: MeasurementDto[] }>(path),
        8,
      );
      return pairs.map((pair, i) => ({ ...pair, measurements: lists[i]?.items ?? [] }));
    })().then(
      (rows) =>
        live &&
        setState({
          status: "success",
          planId: plan.id,
          startYear: plan.startYear,
          endYear: plan.endYear,
          rows,
        }),
      (error: unknown) => live && setState({ status: "error", error: asApiError(error) }),
    );
    return () => {
      live = false;
    };
    // `keep` is a filter defined by the page from the session: its identity is not a change.
  }, [cut, plan, reload]);
  if (plans.status === "error") return { status: "error", error: plans.error };
  if (plans.status === "success" && !plan)
    return { status: "success", planId: "", startYear: 0, endYear: 0, rows: [] };
  return state;
}
