# source: tool texts from the engine's byte-exact client tools (curl 8.x, busybox wget/nslookup/ping/nc, bind nslookup/dig; issue 3 fixtures recorded from real images), kubelet-managed /etc/hosts and resolv.conf, service env vars (kubernetes-fidelity.md §3)
#! files: web.yaml
kubectl apply -f web.yaml
kubectl wait --for=condition=Available deployment/web
kubectl run old --image=busybox:1.28 -it --rm --restart=Never
nslookup web
ping -c 1 -W 1 web
exit
kubectl run net --image=nicolaka/netshoot -it --rm --restart=Never -- bash
nslookup web
dig +short web.default.svc.cluster.local
curl -sS -o /dev/null -w '%{http_code}\n' http://web
curl -I http://web
curl -m 2 http://10.96.0.99
curl http://nope
nc -zv web 80
cat /etc/hosts
env | grep ^WEB_SERVICE | sort
ip addr
exit
kubectl run bb --image=busybox -it --rm --restart=Never
wget -O- -T 2 web:8080
wget --spider http://web
hostname -i
exit
