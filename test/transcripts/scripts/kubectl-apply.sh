# source: k8s.io/kubectl pkg/cmd/apply/apply.go (created/configured/unchanged, warningNoLastAppliedConfigAnnotation), cli-runtime pkg/resource/mapper.go and visitor.go RequireNamespace, pkg/cmd/util/helpers.go checkErr/MultipleErrors; kubernetes-fidelity.md §5.3, §5.5
#! files: web.yaml svc.yaml svc-v2.yaml typo-kind.yaml bad-port.yaml unknown-field.yaml prod-svc.yaml plain.yaml
kubectl apply -f web.yaml
kubectl apply -f web.yaml
kubectl apply -f svc-v2.yaml
kubectl get svc web -o jsonpath='{.spec.ports[0].port}{"\n"}'
kubectl apply -f typo-kind.yaml
kubectl apply -f bad-port.yaml
kubectl apply -f unknown-field.yaml
kubectl apply -f prod-svc.yaml -n default
kubectl apply -f typo-kind.yaml -f svc.yaml -f bad-port.yaml
kubectl apply
kubectl apply -f svc.yaml extra
kubectl apply -f svc.yaml --dry-run=bogus
kubectl apply -f missing.yaml
kubectl create service clusterip plain --tcp=80:8080
cat plain.yaml | kubectl apply -f -
kubectl apply -f prod-svc.yaml --dry-run=client -o yaml
kubectl apply -f svc.yaml --dry-run=client
kubectl apply -f svc.yaml -o name
