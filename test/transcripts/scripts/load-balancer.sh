# source: kind with a LoadBalancer provider (cloud-provider-kind/MetalLB): the ingress IP is on the docker network and reachable from the host; kubectl v1.34 expose/get output
#! cluster: {"loadBalancer": {"pool": "172.18.255.200-172.18.255.250"}}
kubectl create deployment web --image=nginx --replicas=2
kubectl expose deployment web --type=LoadBalancer --port=80
kubectl wait --for=condition=Available deploy/web
kubectl get svc web
curl -s -m 3 -o /dev/null -w '%{http_code}\n' http://172.18.255.200/
curl -s -m 3 http://172.18.255.200:8080/
