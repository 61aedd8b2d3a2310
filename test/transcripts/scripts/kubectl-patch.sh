# source: k8s.io/kubectl pkg/cmd/patch/patch.go (Validate messages, patchOperation "patched"/"patched (no change)"), apiserver pkg/endpoints/handlers/patch.go error texts via engine/kubectl/apply/plan.ts; kubernetes-fidelity.md §5.3
#! files: web.yaml
kubectl apply -f web.yaml
kubectl patch deployment web -p '{"spec":{"replicas":3}}'
kubectl patch deployment web -p '{"spec":{"replicas":3}}'
kubectl get deploy web -o jsonpath='{.spec.replicas}{"\n"}'
kubectl patch svc web --type merge -p '{"metadata":{"labels":{"tier":"front"}}}'
kubectl patch svc/web --type=json -p '[{"op":"replace","path":"/spec/ports/0/port","value":8080}]'
kubectl get svc web -o jsonpath='{.metadata.labels.tier} {.spec.ports[0].port}{"\n"}'
kubectl patch svc web -p 'spec: {type: NodePort}' --dry-run=client
kubectl patch svc web -p '{"spec":{"ports":[{"port":70000}]}}' --type merge
kubectl patch svc web --type=json -p '{"op":"add"}'
kubectl patch svc web -p '{bad'
kubectl patch svc web
kubectl patch svc web -p '{}' --type=xml
kubectl patch svc nope -p '{"spec":{}}'
kubectl patch deploy web -p '{"spec":{"replicas":1}}' -o name
