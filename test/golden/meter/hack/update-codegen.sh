#!/usr/bin/env bash
# Regenerates deepcopy functions, conversions from query parameters, OpenAPI
# definitions and OpenAPI model names for every API package under pkg/apis.
# The generators are pinned in go.mod (tool directives), so nothing needs to be
# installed: `go tool` builds them.
set -o errexit
set -o nounset
set -o pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

module="$(go list -m)"
boilerplate="hack/boilerplate.go.txt"

# Every Go package under pkg/apis is an API group version.
mapfile -t api_pkgs < <(go list ./pkg/apis/...)

# Dependencies whose types our API references. openapi-gen needs their
# definitions too, but must not write model name files into the module cache.
readonly_pkgs=(
	k8s.io/apimachinery/pkg/apis/meta/v1
	k8s.io/apimachinery/pkg/api/resource
	k8s.io/apimachinery/pkg/runtime
	k8s.io/apimachinery/pkg/types
	k8s.io/apimachinery/pkg/util/intstr
	k8s.io/apimachinery/pkg/version
	# The scale subresource serves autoscaling/v1 Scale: server-side apply
	# and the published OpenAPI need its definition.
	k8s.io/api/autoscaling/v1
)

echo "deepcopy-gen: ${api_pkgs[*]}"
go tool deepcopy-gen \
	--go-header-file "${boilerplate}" \
	--output-file zz_generated.deepcopy.go \
	"${api_pkgs[@]}"

# A version whose kinds are all served in that version only has
# +k8s:conversion-gen=false in its doc.go: no conversions between versions, only
# those a type asks for with +k8s:conversion-gen:explicit-from=net/url.Values
# (the server decodes options, such as a connect subresource's, from the query
# string with them). A version with a kind served in several versions names its
# group's internal package instead, and gets conversions to it and back.
echo "conversion-gen: ${api_pkgs[*]}"
go tool conversion-gen \
	--go-header-file "${boilerplate}" \
	--output-file zz_generated.conversion.go \
	"${api_pkgs[@]}"

echo "openapi-gen: ${api_pkgs[*]}"
go tool openapi-gen \
	--go-header-file "${boilerplate}" \
	--output-dir pkg/generated/openapi \
	--output-pkg "${module}/pkg/generated/openapi" \
	--output-file zz_generated.openapi.go \
	--output-model-name-file zz_generated.model_name.go \
	--report-filename hack/api-rule-violations.list \
	$(printf -- '--readonly-pkg %s ' "${readonly_pkgs[@]}") \
	k8s.io/apimachinery/pkg/apis/meta/v1 \
	k8s.io/apimachinery/pkg/runtime \
	k8s.io/apimachinery/pkg/version \
	k8s.io/apimachinery/pkg/api/resource \
	k8s.io/api/autoscaling/v1 \
	"${api_pkgs[@]}"
