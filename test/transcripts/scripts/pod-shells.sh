# source: kubectl v1.34 run/exec banners (kubernetes-fidelity.md §5.3), busybox ash prompt and "sh: X: not found" (busybox), dash's "sh: 1: X: not found" (Debian nginx image), nslookup/wget output from the engine's byte-exact tools (issue 3)
kubectl run web --image=nginx --port=80 --expose
kubectl wait --for=condition=Ready pod/web --timeout=60s 2>/dev/null || sleep 20
kubectl run bb --image=busybox:1.36 -it --rm --restart=Never
hostname
cat /etc/resolv.conf
wget -qO- web | head -4
curl web
bash
echo $?
exit
kubectl exec web -- cat /etc/hostname
kubectl exec web -- nosuch
kubectl exec web -- sh -c 'exit 3'
kubectl exec -it web -- sh
nosuch
echo changed > /usr/share/nginx/html/index.html
exit
kubectl exec web -- curl -s localhost
kubectl exec -it web -- bash
pwd
exit 2
