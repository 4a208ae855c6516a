/** Messages of the Excel/CSV/JSON export and template screens; spread into the one es-CL catalogue (../es-CL.ts). */
export const exportMessages = {
  "export.title": "Descargar el plan",
  "export.dashboardLink": "Descargar el plan con su estado (Excel, CSV, JSON)",
  "export.intro":
    "El plan completo con su estado actual, como lo muestra el cuadro de mando: en Excel para trabajarlo, o como datos abiertos en CSV y JSON.",
  "export.introPublic":
    "Se descargan las cifras validadas del plan publicado. Las alertas quedan para los miembros de la municipalidad.",
  "export.xlsx": "Excel (.xlsx)",
  "export.xlsxHint":
    "Una hoja por lineamiento con la matriz del plan y su semáforo, más indicadores, mediciones y alertas.",
  "export.csv": "CSV",
  "export.csvTable": "Tabla del CSV",
  "export.csvHint": "Separado por punto y coma, con coma decimal, para Excel en Chile.",
  "export.table.items": "Iniciativas",
  "export.table.indicators": "Indicadores",
  "export.table.measurements": "Mediciones validadas",
  "export.table.alerts": "Alertas",
  "export.json": "JSON (datos abiertos)",
  "export.jsonHint": "El plan completo y sus cifras, para programas.",
  "export.template": "Plantilla para cargar un plan (.xlsx)",
  "export.templateHint":
    "Una fila por actividad, con listas de unidades, fuentes de financiamiento, ODS y periodicidad.",
  "export.templateFilled": "Con las filas del plan tal como está",
  "export.download": "Descargar {what}",
  "export.preparing": "Preparando {what}…",
  "export.done": "Se descargó {file}.",
  "export.failed": "No se pudo descargar {what}: {reason}",
  "export.simulated": "Incluye datos simulados de demostración, marcados como tales en el archivo.",
} as const;
