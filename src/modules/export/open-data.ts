import type { PlanExport } from "../plans/export-schema";
import type { ExportData } from "./queries";
import type { OpenData } from "./schemas";

/** The rumbo.plan/v1 document with the monitoring figures of the same export. */
export function openDataDocument(plan: PlanExport, data: ExportData): OpenData {
  return {
    ...plan,
    monitoring: {
      figuresAsOf: data.plan.figuresAsOf,
      hasSimulated: data.hasSimulated,
      summary: data.summary,
      items: data.items.map((i) => ({
        code: i.code,
        status: i.status,
        progress: i.progress,
        explanation: i.explanation,
      })),
      indicators: data.indicators.map((i) => ({
        itemCode: i.itemCode,
        name: i.name,
        status: i.status,
        progress: i.progress,
        latestValue: i.latestValue,
        latestPeriod: i.latestPeriod,
        explanation: i.explanation,
        forecast:
          i.forecastValue === null || i.forecastLow === null || i.forecastHigh === null
            ? null
            : { value: i.forecastValue, low: i.forecastLow, high: i.forecastHigh },
      })),
      measurements: data.measurements.map((m) => ({
        itemCode: m.itemCode,
        indicator: m.indicator,
        period: m.period,
        periodStart: m.periodStart,
        periodEnd: m.periodEnd,
        value: m.value,
        validatedOn: m.validatedOn,
        isSimulated: m.isSimulated,
      })),
      alerts: data.alerts,
    },
  };
}
