/**
 * Every string a person reads in the web app, in Spanish (Chile). Keys are English so that
 * another catalogue (English) can follow with the same keys. Placeholders are `{name}`;
 * plural forms use the suffixes `.one` and `.other` and are read with `tp()`.
 */
const messages = {
  "app.name": "Rumbo",
  "app.tagline": "Planes de desarrollo comunal",
  "app.skipToContent": "Saltar al contenido principal",
  "app.homeLink": "Rumbo, ir al inicio",
  "app.mainNav": "Navegación principal",
  "app.municipality": "Municipalidad de {name}",
  "app.footer.about":
    "Rumbo es una plataforma abierta para formular, seguir y rendir cuenta de los planes de desarrollo comunal.",
  "app.footer.license": "Software libre bajo licencia AGPL-3.0.",
  "app.footer.api": "Datos abiertos: API (OpenAPI)",
  "app.documentTitle": "{page} · Rumbo",

  "state.loading": "Cargando…",
  "state.error.title": "No se pudo cargar la información",
  "state.error.notFound": "No encontrado",
  "state.error.network":
    "No fue posible comunicarse con el servidor. Revise su conexión e intente de nuevo.",
  "state.error.unexpected": "El servidor respondió de forma inesperada (código {status}).",
  "state.error.retry": "Reintentar",
  "state.error.goHome": "Volver al inicio",
  "state.notFound.title": "Página no encontrada",
  "state.notFound.detail": "La dirección {path} no corresponde a ninguna página de Rumbo.",

  "home.title": "Planes de desarrollo comunal",
  "home.intro":
    "Consulte la visión, los lineamientos estratégicos y las iniciativas de los planes de cada municipalidad.",
  "home.municipalities": "Municipalidades",
  "home.empty": "Todavía no hay municipalidades registradas en esta instalación.",
  "home.noPlans": "Esta municipalidad todavía no tiene planes publicados.",
  "home.featured": "Plan destacado",
  "home.featuredCta": "Ver el plan",
  "home.region": "Región de {region} · Provincia de {province}",
  "home.cut": "CUT {code}",
  "home.moreMunicipalities": "Se muestran {shown} de {total} municipalidades.",

  "plan.period": "Período {start}–{end}",
  "plan.periodShort": "{start}–{end}",
  "plan.version": "Versión vigente: {label}",
  "plan.noVersion": "Sin versión registrada",
  "plan.approvalAgreement": "Acuerdo de Concejo n.º {number}",
  "plan.approvalDecree": "Decreto n.º {number}",
  "plan.approvalDate": "del {date}",
  "plan.demoBadge": "Datos de demostración",
  "plan.demoNote": "Este plan se publica como demostración de Rumbo.",
  "plan.openTree": "Ver el árbol completo del plan",
  "plan.vision": "Visión",
  "plan.mission": "Misión",
  "plan.desiredScenario": "Escenario deseable",
  "plan.values": "Valores",
  "plan.transversalAxes": "Ejes transversales",
  "plan.transversalAxesIntro": "Enfoques que atraviesan todos los lineamientos del plan.",
  "plan.levels": "Niveles del plan",
  "plan.levelsIntro": "Así se organiza el árbol de este plan, de lo general a lo específico:",
  "plan.axes": "Lineamientos estratégicos",
  "plan.axisCta": "Ver en el árbol →",
  "plan.axisLabel": "{level} {code}",
  "plan.source": "Fuente",
  "plan.sourceFile": "Archivo de origen: {file}",
  "plan.itemCount.one": "{count} iniciativa",
  "plan.itemCount.other": "{count} iniciativas",
  "plan.notStated": "No registrado en el plan.",
  "plan.noAxes": "Este plan todavía no tiene lineamientos registrados.",
  "plan.noValues": "Sin valores registrados.",
  "plan.noTransversalAxes": "Sin ejes transversales registrados.",

  "common.readMore": "Leer más",
  "common.readLess": "Leer menos",
  "common.separator": " · ",

  "tree.title": "Árbol del plan",
  "tree.intro":
    "Recorra el plan nivel por nivel. Abra un elemento para ver lo que contiene, o escriba para filtrar.",
  "tree.filterLabel": "Filtrar por código o texto",
  "tree.filterPlaceholder": "Ej.: capacitación, 4.11, reciclaje",
  "tree.clearFilter": "Limpiar filtro",
  "tree.expandAll": "Expandir todo",
  "tree.collapseAll": "Contraer todo",
  "tree.toggle": "Subelementos de {code}",
  "tree.matches.one": "{count} elemento coincide con «{query}».",
  "tree.matches.other": "{count} elementos coinciden con «{query}».",
  "tree.noMatches": "Ningún elemento coincide con «{query}».",
  "tree.empty": "Este plan todavía no tiene iniciativas.",
  "tree.children.one": "{count} subelemento",
  "tree.children.other": "{count} subelementos",
  "tree.indicators.one": "{count} indicador",
  "tree.indicators.other": "{count} indicadores",
  "tree.nodeLabel": "{level} {code}",
  "tree.backToPlan": "Volver a la portada del plan",
  "tree.label": "Árbol de iniciativas de {plan}",

  "item.breadcrumbs": "Ruta de navegación",
  "item.openInTree": "Ver en el árbol",
  "item.heading": "{level} {code}",
  "item.description": "Descripción",
  "item.sheet": "Ficha",
  "item.responsible": "Responsables",
  "item.responsibleAsWritten": "Según el documento: {text}",
  "item.noResponsible": "Sin responsable asignado",
  "item.deadline": "Plazo",
  "item.deadlineInterpreted": "{text} ({dates})",
  "item.dateRange": "{start} a {end}",
  "item.dateFrom": "desde el {start}",
  "item.dateUntil": "hasta el {end}",
  "item.noDeadline": "Sin plazo registrado",
  "item.funding": "Financiamiento",
  "item.fundingAsWritten": "Según el documento: {text}",
  "item.noFunding": "Sin financiamiento registrado",
  "item.fundingYear": "año {year}",
  "item.sdgs": "Objetivos de Desarrollo Sostenible (ODS)",
  "item.sdgChip": "ODS {number} · {title}",
  "item.sdgTarget": "Meta {code}",
  "item.sdgEditor": "(asignado por el equipo editor)",
  "item.transversalAxes": "Ejes transversales",
  "item.territories": "Territorios",
  "item.territory": "{name} ({kind})",
  "item.assumptions": "Supuestos",
  "item.weight": "Ponderación",
  "item.dependencies": "Depende de",
  "item.sourceRef": "Referencia en el documento",
  "item.indicators": "Indicadores",
  "item.noIndicators": "Sin indicadores registrados.",
  "item.indicatorKind": "Tipo",
  "item.indicatorFormula": "Fórmula",
  "item.indicatorUnit": "Unidad",
  "item.indicatorTarget": "Meta",
  "item.indicatorTargetValue": "Valor meta: {value}",
  "item.indicatorBaseline": "Línea base",
  "item.noBaseline": "Línea base por establecer",
  "item.noTarget": "Meta por establecer",
  "item.children": "Contenido",
  "item.childrenIntro.one": "Esta iniciativa contiene {count} elemento:",
  "item.childrenIntro.other": "Esta iniciativa contiene {count} elementos:",

  "planKind.pladeco": "PLADECO",
  "planKind.strategic": "Plan estratégico municipal",
  "planKind.territorial": "Plan territorial",

  "approval.draft": "Borrador",
  "approval.presented": "Presentado",
  "approval.approved": "Aprobado",
  "approval.in_force": "Vigente",
  "approval.closed": "Cerrado",

  "itemStatus.planned": "Planificada",
  "itemStatus.in_progress": "En ejecución",
  "itemStatus.done": "Terminada",
  "itemStatus.suspended": "Suspendida",
  "itemStatus.cancelled": "Cancelada",

  "indicatorKind.formula": "Fórmula",
  "indicatorKind.value": "Valor",
  "indicatorKind.milestone": "Hito",
  "indicatorKind.evidence": "Medio de verificación",

  "unitRole.responsible": "Responsable",
  "unitRole.co_responsible": "Corresponsable",

  "territoryKind.comuna": "comuna",
  "territoryKind.sector": "sector",
  "territoryKind.localidad": "localidad",
  "territoryKind.unidad_vecinal": "unidad vecinal",
  "territoryKind.distrito": "distrito",

  "format.clp": "$ {amount}",
  "format.dateTime": "{date} {time}",
  "format.yes": "Sí",
  "format.no": "No",
  "format.none": "(vacío)",

  "session.signIn": "Ingresar",
  "session.signOut": "Cerrar sesión",
  "session.signingOut": "Cerrando sesión…",
  "session.signedOut": "Cerró su sesión.",
  "session.signOutFailed": "No se pudo cerrar la sesión: {detail}",

  "role.admin": "Administrador/a",
  "role.editor": "Editor/a",
  "role.validator": "Validador/a",
  "role.viewer": "Observador/a (Concejo, COSOC)",
  "role.operator": "Operador/a de la plataforma",

  "form.required": "(obligatorio)",
  "form.email": "Correo electrónico",
  "form.emailHint": "El correo con que la municipalidad le dio acceso.",
  "form.password": "Contraseña",
  "form.newPassword": "Contraseña nueva",
  "form.newPasswordHint": "Al menos 10 caracteres. Una frase fácil de recordar sirve.",
  "form.confirmPassword": "Repita la contraseña",
  "form.displayName": "Nombre para mostrar",
  "form.displayNameHint": "Cómo la verán sus colegas, por ejemplo «Ana Pérez (SECPLA)».",
  "form.error.emailMissing": "Escriba su correo electrónico.",
  "form.error.emailInvalid": "Escriba un correo válido, como nombre@municipalidad.cl.",
  "form.error.passwordMissing": "Escriba su contraseña.",
  "form.error.passwordShort": "La contraseña debe tener al menos 10 caracteres.",
  "form.error.passwordLong": "La contraseña no puede tener más de 200 caracteres.",
  "form.error.passwordMismatch": "Las contraseñas no coinciden.",
  "form.error.displayNameMissing": "Escriba su nombre.",
  "form.error.unavailable":
    "Esta función todavía no está disponible en este servidor. Pida ayuda al equipo que administra Rumbo.",

  "login.title": "Ingresar",
  "login.intro":
    "Ingrese con su cuenta municipal para ver los planes en preparación y su historial.",
  "login.submit": "Ingresar",
  "login.submitting": "Ingresando…",
  "login.forgot": "¿Olvidó su contraseña?",
  "login.throttled.one":
    "Hubo demasiados intentos fallidos. Intente de nuevo en {count} minuto o restablezca su contraseña.",
  "login.throttled.other":
    "Hubo demasiados intentos fallidos. Intente de nuevo en {count} minutos o restablezca su contraseña.",
  "login.publicNote": "Los planes publicados se pueden consultar sin cuenta.",

  "reset.title": "Restablecer la contraseña",
  "reset.intro":
    "Escriba el correo de su cuenta. Le enviaremos un enlace para elegir una contraseña nueva.",
  "reset.submit": "Enviar el enlace",
  "reset.submitting": "Enviando…",
  "reset.sent":
    "Si el correo tiene una cuenta, enviamos un enlace para restablecer la contraseña. Revise su bandeja de entrada (y la carpeta de correo no deseado). El enlace vence en una hora.",
  "reset.backToLogin": "Volver a Ingresar",
  "reset.newTitle": "Elegir una contraseña nueva",
  "reset.newIntro": "Escriba su contraseña nueva dos veces.",
  "reset.save": "Guardar la contraseña",
  "reset.saving": "Guardando…",
  "reset.done": "Su contraseña fue cambiada. Ingrese con la contraseña nueva.",
  "reset.requestAgain": "Pedir un enlace nuevo",

  "invitation.title": "Aceptar la invitación",
  "invitation.intro":
    "Le invitaron a colaborar en Rumbo. Escriba su nombre y elija una contraseña para activar su cuenta.",
  "invitation.existingAccount":
    "Si ya tiene una cuenta en Rumbo (por ejemplo, en otra municipalidad), escriba su contraseña actual.",
  "invitation.submit": "Activar mi cuenta",
  "invitation.submitting": "Activando…",
  "invitation.missingToken":
    "El enlace de invitación está incompleto. Abra el enlace completo que recibió por correo, o pida una invitación nueva a quien administra su municipalidad.",

  "history.title": "Historial de cambios",
  "history.link": "Historial de cambios",
  "history.intro":
    "Cambios registrados de esta iniciativa y sus indicadores, del más reciente al más antiguo.",
  "history.loading": "Cargando el historial…",
  "history.empty": "Todavía no hay cambios registrados para esta iniciativa.",
  "history.unavailable": "El historial de cambios todavía no está disponible en este servidor.",
  "history.sessionExpired": "Su sesión expiró. Ingrese de nuevo para ver el historial.",
  "history.error": "No se pudo cargar el historial: {detail}",
  "history.what": "{action} {entity}",
  "history.whatNamed": "{action} {entity} «{name}»",
  "history.by": "por {actor}",
  "history.actorCli": "línea de comandos ({name})",
  "history.noFieldChanges": "No cambió ningún campo visible.",
  "history.pathSeparator": " › ",
  "history.listSeparator": "; ",
  "history.sdg": "ODS {number}",
  "history.sdgTarget": "ODS {number} (meta {code})",
  "history.unitWithRole": "{name} ({role})",
  "history.before": "Antes:",
  "history.after": "Después:",

  "auditAction.create": "Creó",
  "auditAction.update": "Modificó",
  "auditAction.move": "Movió",
  "auditAction.delete": "Eliminó",
  "auditAction.restore": "Restauró",
  "auditAction.import": "Importó",
  "auditAction.publish": "Publicó",

  "entity.item": "la iniciativa",
  "entity.indicator": "el indicador",
  "entity.plan": "el plan",
  "entity.plan_version": "la versión del plan",
  "entity.unit": "la unidad",
  "entity.org_unit": "la unidad",
  "entity.territory": "el territorio",
  "entity.membership": "el permiso",
  "entity.user": "la cuenta",

  "field.code": "Código",
  "field.title": "Título",
  "field.name": "Nombre",
  "field.description": "Descripción",
  "field.status": "Estado",
  "field.parentId": "Elemento superior",
  "field.levelId": "Nivel",
  "field.sort": "Orden",
  "field.weight": "Ponderación",
  "field.startDate": "Fecha de inicio",
  "field.endDate": "Fecha de término",
  "field.deadlineText": "Plazo (según el documento)",
  "field.fundingText": "Financiamiento (según el documento)",
  "field.responsibleText": "Responsables (según el documento)",
  "field.assumptions": "Supuestos",
  "field.sourceRef": "Referencia en el documento",
  "field.kind": "Tipo",
  "field.formula": "Fórmula",
  "field.unit": "Unidad",
  "field.targetText": "Meta",
  "field.targetValue": "Valor meta",
  "field.targetUnit": "Unidad de la meta",
  "field.baselineText": "Línea base",
  "field.baselineValue": "Valor de línea base",
  "field.responsibleUnits": "Unidades responsables",
  "field.territories": "Territorios",
  "field.funding": "Financiamiento",
  "field.sdgs": "ODS",
  "field.transversalAxes": "Ejes transversales",
  "field.dependencies": "Depende de",
  "field.ancestors": "Ubicación en el plan",
  "field.level": "Nivel",
  "field.deletedDescendants": "Subelementos eliminados con ella",
} as const;

export type MessageKey = keyof typeof messages;
export type Params = Record<string, string | number>;
/** Keys that have `.one` / `.other` forms, without the suffix. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.one` ? Base : never;
}[MessageKey];

export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(messages, key);
}

/** The message for `key` with `{name}` placeholders replaced by `params`. */
export function t(key: MessageKey, params?: Params): string {
  const text: string = messages[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * A message with placeholders replaced by arbitrary values (e.g. React elements), returned as
 * pieces in order: `tParts("item.dateRange", { start: <time/>, end: <time/> })`.
 */
export function tParts<T>(key: MessageKey, params: Record<string, T>): Array<string | T> {
  const pieces: Array<string | T> = [];
  const text: string = messages[key];
  let cursor = 0;
  for (const match of text.matchAll(/\{(\w+)\}/g)) {
    const name = match[1] ?? "";
    if (!(name in params)) continue;
    if (match.index > cursor) pieces.push(text.slice(cursor, match.index));
    pieces.push(params[name] as T);
    cursor = match.index + match[0].length;
  }
  if (cursor < text.length) pieces.push(text.slice(cursor));
  return pieces;
}

/** A plural message: `tp("plan.itemCount", 3)` → "3 iniciativas". `{count}` is formatted es-CL. */
export function tp(key: PluralKey, count: number, params?: Params): string {
  const form: MessageKey = count === 1 ? `${key}.one` : `${key}.other`;
  return t(form, { count: new Intl.NumberFormat("es-CL").format(count), ...params });
}
