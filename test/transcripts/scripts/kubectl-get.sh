# source: kubectl v1.34 printers (kubernetes-fidelity.md §5.1 columns and tabwriter rules; k/kubernetes pkg/printers/internalversion/printers.go), cli-runtime yaml/json/name printers, client-go jsonpath
#! files: web.yaml
kubectl apply -f web.yaml
kubectl wait --for=condition=Available deployment/web
kubectl get deploy,rs,svc
kubectl get pods -o wide
kubectl get pods --show-labels
kubectl get pods -L app --no-headers
kubectl get pods -l app=web -o name
kubectl get pods -l 'app in (web,api)' --field-selector status.phase=Running -o custom-columns=NAME:.metadata.name,IP:.status.podIP
kubectl get svc web -o jsonpath='{.spec.clusterIP}{"\n"}'
kubectl get svc web -o go-template='{{.spec.type}} {{range .spec.ports}}{{.port}}{{end}}{{"\n"}}'
kubectl get svc web -o yaml
kubectl get endpoints web
kubectl get endpointslices -l kubernetes.io/service-name=web
kubectl get svc -A --sort-by=.metadata.name
kubectl get all
kubectl get nodes -o wide
kubectl get ns kube-system -o json
kubectl describe deploy web
kubectl describe pod web
kubectl logs -l app=web --tail=1 --prefix
kubectl label svc web tier=frontend
kubectl label svc web tier=backend
kubectl label svc web tier=backend --overwrite
kubectl annotate svc web note=hello
kubectl label svc web tier-
kubectl delete svc web
kubectl delete deploy web --wait=false
kubectl get pods
