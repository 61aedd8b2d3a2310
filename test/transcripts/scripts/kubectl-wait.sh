# source: k8s.io/kubectl v0.34.10 pkg/cmd/wait (wait.go, condition.go, delete.go, json.go); timeout text from k8s.io/apimachinery wait.ErrWaitTimeout
kubectl wait --for=condition=Available deployment/coredns -n kube-system
kubectl wait --for=condition=Ready pod -l k8s-app=kube-dns -n kube-system
kubectl wait --for=jsonpath='{.status.phase}'=Running pod -l k8s-app=kube-dns -n kube-system -o name
kubectl wait --for=condition=Ready=false pod -l k8s-app=kube-dns -n kube-system --timeout=2s
kubectl wait --for=jsonpath='{.spec.replicas}'=2 deploy/coredns -n kube-system --timeout=0
kubectl wait --for=condition=Progressing=False deploy/coredns -n kube-system --timeout=0
kubectl wait --for=delete deploy/coredns -n kube-system --timeout=1s
kubectl wait --for=delete pod/nope
kubectl wait --for=condition=Ready pod/nope
kubectl wait --for=condition=Ready pod -l app=nothing
kubectl wait --for=bogus pod/x
kubectl wait pod/x
