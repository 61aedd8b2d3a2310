# source: k8s.io/kubectl v0.34.10 pkg/cmd/set/set_image.go (messages, patch loop and error order), pkg/cmd/util/helpers.go (GetResourcesAndPairs, checkErr)
kubectl set image deployment/coredns -n kube-system coredns=coredns/coredns:1.12.0 --dry-run=client
kubectl set image deployment/coredns -n kube-system nginx=nginx:1.25
kubectl set image deployment/coredns -n kube-system coredns=registry.k8s.io/coredns/coredns:v1.12.0 nginx=nginx:1.25
kubectl set image daemonset/kube-proxy -n kube-system '*=registry.k8s.io/kube-proxy:v1.34.1'
kubectl set image svc/kubernetes foo=bar
kubectl set image deployment/coredns -n kube-system
kubectl set image deployment/coredns -n kube-system a=b '*=c'
kubectl set image coredns=x deployment/coredns -n kube-system
kubectl set image deployment -n kube-system coredns=x
kubectl set image deployment/nope coredns=x
kubectl set image
kubectl get deploy,ds -n kube-system -o wide
