# source: bash 5 error texts for syntax and missing commands; kubectl v1.34 usage errors; kubook's own `kubook:` notes for what it does not simulate or stops
kubectl
kubectl get pods -n
kubectl get pods --namespace=
kubectl get pods --context nope
kubectl get pods -o
kubectl scale deploy web --replicas=abc
kubectl cordon kind-worker
kubectl exec
kubectl create
kubectl run
kubectl run web
kubectl run web --image=
kubectl get 'pods; rm -rf /'
echo $'\x01\x02\xff' | wc -c
printf '\x00\x01binary\n' | kubectl apply -f -
if then fi
:(){ :|:& };:
echo {1..100000} | wc -w
kubectl get pods &&& echo x
cd /nope
ls /nope
docker ps
cat <<EOF
never closed
