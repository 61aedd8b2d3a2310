// The lessons in content/ (README.md is the authors' guide, not a lesson) as an Astro content
// collection. The schema is the lesson frontmatter of lesson/model.ts (`Frontmatter`).
import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { z } from "astro/zod";

const externalHost = z
  .object({
    name: z.string(),
    ip: z.string().optional(),
    ports: z.array(z.number().int()).optional(),
    responses: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

const cluster = z.object({
  nodes: z.number().int().min(1).optional(),
  proxyMode: z.enum(["iptables", "ipvs", "nftables"]).optional(),
  cni: z.enum(["kindnet", "flannel"]).optional(),
  loadBalancer: z.object({ pool: z.string() }).optional(),
  externalHosts: z.array(externalHost).optional(),
  seed: z.number().int().optional(),
});

const lessons = defineCollection({
  loader: glob({ pattern: ["*.md", "!README.md", "!readme.md"], base: "./content" }),
  schema: z.object({
    title: z.string().min(1),
    description: z.string().min(1),
    order: z.number(),
    cluster: cluster.default({}),
    budgetSeconds: z.number().positive().optional(),
  }),
});

export const collections = { lessons };
