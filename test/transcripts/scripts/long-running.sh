# source: kubectl v1.34 port-forward lines ("Forwarding from 127.0.0.1:8080 -> 80", "Handling connection for 8080" from pkg/cmd/portforward and client-go portforward), bash job control (`jobs`, `kill %1`); Ctrl-C shown as ^C with status 130
#! files: web.yaml
kubectl apply -f web.yaml
kubectl rollout status deployment/web
kubectl port-forward svc/web 8080:80 &
curl -s localhost:8080 | head -4
jobs
kill %1
curl -s localhost:8080
kubectl port-forward deploy/web 9090:80
kubectl get pods -w
kubectl scale deployment web --replicas=3 && kubectl get pods -l app=web -w
kubectl logs -f deploy/web --tail=2
watch -n 5 kubectl get deploy web
