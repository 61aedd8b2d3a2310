# source: kubectl v1.34 expose/run/config/cluster-info/api-resources/version (k/kubectl pkg/cmd/expose, run, config, clusterinfo, apiresources, version); kind's kubeconfig (context kind-kind); §5.4 expose introspection
#! files: web.yaml
kubectl version
kubectl cluster-info
kubectl api-resources
kubectl config current-context
kubectl config get-contexts
kubectl config view
kubectl create namespace shop
kubectl config set-context --current --namespace=shop
kubectl get pods
kubectl config set-context --current --namespace=default
kubectl apply -f web.yaml
kubectl expose deployment web --name=web-np --type=NodePort --port=8080 --target-port=80
kubectl expose deployment web --port=80
kubectl expose service web --name=web-copy
kubectl expose pod nope --port=80
kubectl get svc
kubectl create deployment api --image=nginx --port=80 --dry-run=client -o yaml > api.yaml
cat api.yaml
kubectl run tmp --image=busybox --restart=Never --dry-run=client -o yaml -- sleep 3600
kubectl run tmp --image=busybox --labels=app=tmp,tier=debug --env=MODE=test --command -- sleep 3600
kubectl get pod tmp --show-labels
kubectl delete pod tmp --now
