import { Empty } from "../components/States";
import { t } from "../i18n/es-CL";
import { formatClp, formatNumber } from "../i18n/format";
import type { GapRow } from "./types";

/** The gap layer as a ranked table (the map's accessible equivalent), with its exports. */
export function GapTable({
  rows,
  method,
  xlsxUrl,
  csvUrl,
  geojsonUrl,
  onShow,
}: {
  rows: GapRow[];
  method: string;
  xlsxUrl: string;
  csvUrl: string;
  geojsonUrl: string | null;
  onShow: (territoryId: string) => void;
}) {
  const ranked = [...rows].sort((a, b) => a.rank - b.rank);
  return (
    <section aria-labelledby="brecha" className="section map-section">
      <h2 id="brecha">{t("map.gap.title")}</h2>
      <p className="muted">{method}</p>
      <p className="map-exports">
        <a href={xlsxUrl} download>
          {t("map.gap.xlsx")}
        </a>
        <a href={csvUrl} download>
          {t("map.gap.csv")}
        </a>
        {geojsonUrl && (
          <a href={geojsonUrl} download>
            {t("map.export.geojson", { layer: t("map.layer.gap") })}
          </a>
        )}
      </p>
      {ranked.length === 0 ? (
        <Empty>{t("map.gap.empty")}</Empty>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t("map.gap.caption")}>
          <table className="map-table">
            <caption className="visually-hidden">{t("map.gap.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("map.gap.rank")}</th>
                <th scope="col">{t("map.gap.territory")}</th>
                <th scope="col" className="numeric">
                  {t("map.gap.problemWeight")}
                </th>
                <th scope="col" className="numeric">
                  {t("map.gap.items")}
                </th>
                <th scope="col" className="numeric">
                  {t("map.gap.investment")}
                </th>
                <th scope="col" className="numeric">
                  {t("map.gap.coverage")}
                </th>
                <th scope="col" className="numeric">
                  {t("map.gap.gap")}
                </th>
              </tr>
            </thead>
            <tbody>
              {ranked.map((row) => (
                <tr key={row.territoryId}>
                  <td>{row.rank}</td>
                  <th scope="row">
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => onShow(row.territoryId)}
                    >
                      {row.name}
                    </button>{" "}
                    <span className="muted small">{row.code}</span>
                  </th>
                  <td className="numeric">{formatNumber(row.problemWeight)}</td>
                  <td className="numeric">{formatNumber(row.itemCount)}</td>
                  <td className="numeric">{formatClp(row.investmentClp)}</td>
                  <td className="numeric">{formatNumber(row.coverage)}</td>
                  <td className="numeric">{formatNumber(row.gap)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
