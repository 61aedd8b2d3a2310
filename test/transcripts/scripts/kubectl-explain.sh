# source: k8s.io/kubectl v0.34.10 pkg/explain/v2/templates/plaintext.tmpl and funcs.go (wrap = mitchellh/go-wordwrap v1.0.1), pkg/cmd/explain/explain.go; descriptions from engine/api/schema (kubernetes-types 1.30 text)
kubectl explain svc.spec.ports
kubectl explain pods.spec.containers.ports.containerPort
kubectl explain deployment.spec.strategy
kubectl explain networkpolicy.spec --recursive
kubectl explain svc.spec.foo
kubectl explain svc.spec.ports.port.bar
kubectl explain foo
kubectl explain
kubectl explain pods svc
