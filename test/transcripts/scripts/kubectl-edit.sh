# source: k8s.io/kubectl pkg/cmd/util/editor/editoptions.go (header, "Edit cancelled, no changes made.", addError, preservedFile, "Edit cancelled, no valid changes were saved."), editor.go (KUBE_EDITOR, EDITOR, "there was a problem with the editor"); the no-editor message is kubook's own
#! files: web.yaml
kubectl apply -f web.yaml
kubectl edit deploy/web
export KUBE_EDITOR=true
kubectl edit deploy/web
KUBE_EDITOR="sed -i 's/replicas: 2/replicas: 4/'" kubectl edit deployment web
kubectl get deploy web -o jsonpath='{.spec.replicas}{"\n"}'
KUBE_EDITOR="sed -i 's/port: 80/port: 70000/'" kubectl edit svc/web
KUBE_EDITOR="sed -i 's/^  name: web/  name: web2/'" kubectl edit svc/web
KUBE_EDITOR=false kubectl edit svc/web
KUBE_EDITOR="sed -i 's/^kind: Service/kind: Servce/'" kubectl edit svc/web
KUBE_EDITOR="sed -i 's/  namespace: default/  namespace: prod/'" kubectl edit svc/web
KUBE_EDITOR="sed -i 's/port: 80/port: 8080/'" kubectl edit svc
kubectl edit svc/nope
kubectl edit
KUBE_EDITOR="sed -i 's/type: ClusterIP/type: NodePort/'" kubectl edit svc/web
kubectl get svc web -o jsonpath='{.spec.type}{"\n"}'
