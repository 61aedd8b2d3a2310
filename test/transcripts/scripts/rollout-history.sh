# source: kubectl v1.34 rollout history/undo (k/kubectl pkg/polymorphichelpers/history.go, rollback.go); change-cause copied to ReplicaSets as the Deployment controller's copyDeploymentAnnotationsToReplicaSet does
#! files: web.yaml
kubectl apply -f web.yaml
kubectl rollout status deployment/web
kubectl annotate deployment web kubernetes.io/change-cause="first version"
kubectl set image deployment/web nginx=nginx:1.27
kubectl annotate deployment web kubernetes.io/change-cause="nginx 1.27" --overwrite
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl rollout undo deployment/web
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl get rs
