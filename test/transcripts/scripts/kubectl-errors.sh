# source: kubectl v1.34 behaviour — messages from kubernetes-fidelity.md §5.5 and observed transcripts (unknown command with "set"/"get" suggestions, unknown flag, Required resource, logs usage, exec without --)
kubectl gett pods
kubectl get pods --it
kubectl run --it web --image=nginx
kubectl get
kubectl get foo
kubectl get svc nope
kubectl get pods
kubectl logs
kubectl exec -it web sh
kubectl top pods
kubectl get svc/kubernetes svc/nope
kubectl delete
kubectl apply -f missing.yaml
kubectl get pods -o yamll
