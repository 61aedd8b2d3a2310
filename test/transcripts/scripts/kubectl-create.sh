# source: k8s.io/kubectl pkg/cmd/create/create.go (NameFromCommandArgs, RunCreate), create_deployment.go ("failed to create deployment"), create_service.go ("failed to create %s service"), create_namespace.go, create_configmap.go ("error reading"); cobra required-flag check; kubernetes-fidelity.md §5.3–5.5
#! files: svc.yaml typo-kind.yaml greeting.txt app.env
kubectl create -f svc.yaml
kubectl create -f svc.yaml
kubectl create -f typo-kind.yaml
kubectl create
kubectl create deployment
kubectl create deployment web
kubectl create deployment web a b --image=nginx
kubectl create deployment web --image=nginx --replicas=2
kubectl create deployment web --image=nginx
kubectl create deployment api --image=nginx --port=8080 --dry-run=client -o yaml
kubectl create deployment api --image=nginx -n prod --dry-run=client -o yaml
kubectl create service clusterip web
kubectl create service nodeport np --tcp=80:8080 --dry-run=client -o yaml
kubectl create service clusterip web --tcp=80
kubectl create service externalname ext
kubectl create service externalname ext --external-name=example.com
kubectl create namespace prod
kubectl create namespace prod
kubectl create ns a b
kubectl create configmap cfg --from-literal=mode=dev --from-file=greeting.txt --dry-run=client -o yaml
kubectl create configmap env --from-env-file=app.env
kubectl create configmap nope --from-file=missing.txt
kubectl create configmap bad --from-literal=novalue
kubectl get cm env -o jsonpath='{.data}{"\n"}'
kubectl create deployment saved --image=nginx --save-config -o name
kubectl apply -f - < /dev/null
