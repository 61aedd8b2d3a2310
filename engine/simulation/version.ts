/** The Kubernetes release whose behaviour and text the simulation reproduces (kind's node image for it). */
export const kubernetesVersion = "v1.34.0";
export const kindNodeImage = "kindest/node:v1.34.0";
