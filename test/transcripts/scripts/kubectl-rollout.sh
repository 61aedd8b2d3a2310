# source: k8s.io/kubectl v0.34.10 pkg/cmd/rollout and pkg/polymorphichelpers (rollout_status.go, history.go, rollback.go, objectrestarter.go, objectpauser.go, objectresumer.go); name printer of cli-runtime pkg/printers/name.go
kubectl get deploy -n kube-system -o wide
kubectl rollout status deployment/coredns -n kube-system
kubectl rollout history deployment/coredns -n kube-system
kubectl set image deployment/coredns -n kube-system coredns=registry.k8s.io/coredns/coredns:v1.12.0
kubectl rollout status deployment/coredns -n kube-system --timeout=10s
kubectl get pods -n kube-system -l k8s-app=kube-dns
kubectl rollout history deployment/coredns -n kube-system
kubectl rollout history deployment/coredns -n kube-system --revision=2
kubectl rollout history deployment/coredns -n kube-system --revision=5
kubectl rollout undo deployment/coredns -n kube-system
kubectl rollout status deploy/coredns -n kube-system --watch=false
kubectl rollout status deploy/coredns -n kube-system --timeout=1s
kubectl rollout status deploy/coredns -n kube-system
kubectl rollout history deploy/coredns -n kube-system
kubectl rollout undo deployment/coredns -n kube-system --to-revision=9
kubectl rollout pause deployment/coredns -n kube-system
kubectl rollout pause deployment/coredns -n kube-system
kubectl rollout restart deployment/coredns -n kube-system
kubectl rollout undo deployment/coredns -n kube-system
kubectl rollout resume deployment/coredns -n kube-system
kubectl rollout resume deployment/coredns -n kube-system
kubectl rollout restart deployment/coredns -n kube-system && kubectl rollout status deployment/coredns -n kube-system
kubectl rollout restart deployment/coredns -n kube-system; kubectl rollout restart deployment/coredns -n kube-system
kubectl rollout status daemonset/kube-proxy -n kube-system
kubectl rollout status deployment/nope
kubectl rollout status pod/nope
kubectl rollout history svc/kubernetes
kubectl rollout status svc/kubernetes
kubectl rollout undo pod/nope
kubectl rollout status
kubectl rollout pause deployment
