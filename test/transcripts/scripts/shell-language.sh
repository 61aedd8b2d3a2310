# source: bash 5 semantics for the shell language (pipes, heredocs, loops, $?, aliases, brace expansion, jobs), kubectl v1.34 output for the commands inside
alias k=kubectl
k get ns | grep -c Active
X=web; echo "name=${X} $(echo sub) `echo tick`"
for i in {1..3}; do echo "n$i"; done
i=0; while [ $i -lt 2 ]; do i=$((i+1)); echo "w$i"; done
case $X in web) echo matched;; *) echo no;; esac
if kubectl get svc nope >/dev/null 2>&1; then echo found; else echo "missing $?"; fi
cat <<EOF > svc.txt
  kept $X
EOF
cat svc.txt
cat <<-'EOF'
	literal $X
	EOF
echo a \
  b
false; echo "status $?"
false
echo "next line sees $?"
export GREETING=hello
echo $GREETING
kubectl get ns -o name | sort -r | head -2
kubectl get ns -o jsonpath='{.items[*].metadata.name}' | tr ' ' '\n' | wc -l
seq 3 | awk '{s+=$1} END {print s}'
echo '{"a":[1,2]}' | jq '.a | length'
echo hi | base64
date
sleep 90; date
while true; do date; sleep 10; done
while true; do :; done
jobs
kill %1
echo "unbalanced
echo never runs
