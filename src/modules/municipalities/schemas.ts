import { z } from "zod";

export const cutParamSchema = z.object({
  cut: z.string().regex(/^\d{5}$/, "el código CUT tiene 5 dígitos"),
});

export const municipalitySchema = z.object({
  id: z.uuid(),
  cutCode: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  provinceName: z.string(),
  isDemo: z.boolean(),
});
export type MunicipalityDto = z.infer<typeof municipalitySchema>;
