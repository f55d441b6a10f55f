/*
Copyright 2026 The Meter Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package registry

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
)

// FieldRenamer is a hook of a versioned type of a kind served in several
// versions, not of the internal type the strategy works on: the fields this
// version names differently from the internal type, as full JSON paths from
// the internal name to this version's, such as
//
//	func (*Cat) RenamedFields() map[string]string {
//		return map[string]string{"spec.name": "spec.displayName"}
//	}
//
// next to the conversion functions that rename the field (conversion.go).
// Kubernetes writes a field label conversion function per version for the
// same purpose; the server derives them from this map: a field selector sent
// to a version names that version's fields, and validation errors and the
// descriptions of printer columns name the fields of the version a request
// was sent to, while hooks keep the internal names.
type FieldRenamer interface {
	RenamedFields() map[string]string
}

// fieldNames are the fields renamed in each version a kind is served in:
// internal path to the version's, and back.
type fieldNames struct {
	toVersion   map[schema.GroupVersion]map[string]string
	fromVersion map[schema.GroupVersion]map[string]string
}

// newFieldNames reads the FieldRenamer hook of the kind's type in each version
// it is served in.
func newFieldNames(scheme *runtime.Scheme, gvks []schema.GroupVersionKind) (fieldNames, error) {
	names := fieldNames{toVersion: map[schema.GroupVersion]map[string]string{}, fromVersion: map[schema.GroupVersion]map[string]string{}}
	for _, gvk := range gvks {
		obj, err := scheme.New(gvk)
		if err != nil {
			return fieldNames{}, err
		}
		r, ok := obj.(FieldRenamer)
		if !ok || len(r.RenamedFields()) == 0 {
			continue
		}
		to, from := map[string]string{}, map[string]string{}
		for internal, versioned := range r.RenamedFields() {
			if prev, taken := from[versioned]; taken {
				return fieldNames{}, fmt.Errorf("%s: RenamedFields names both %s and %s %s", gvk, prev, internal, versioned)
			}
			to[internal], from[versioned] = versioned, internal
		}
		names.toVersion[gvk.GroupVersion()], names.fromVersion[gvk.GroupVersion()] = to, from
	}
	return names, nil
}

// rename replaces the longest prefix of path that renamed has, ending at a
// field boundary: spec.name becomes spec.displayName, and so do
// spec.name.first and spec.name[0], but spec.names stays.
func rename(path string, renamed map[string]string) string {
	best := ""
	for from := range renamed {
		if len(from) > len(best) && strings.HasPrefix(path, from) && (len(path) == len(from) || path[len(from)] == '.' || path[len(from)] == '[') {
			best = from
		}
	}
	if best == "" {
		return path
	}
	return renamed[best] + path[len(best):]
}

// requestVersion is the version a request was sent to, if it came through
// the API (tests and internal calls have none).
func requestVersion(ctx context.Context) (schema.GroupVersion, bool) {
	info, ok := genericapirequest.RequestInfoFrom(ctx)
	if !ok || !info.IsResourceRequest {
		return schema.GroupVersion{}, false
	}
	return schema.GroupVersion{Group: info.APIGroup, Version: info.APIVersion}, true
}

// inRequestVersion names the fields of validation errors as the version the
// request was sent to does. Call it once per error.
func (n fieldNames) inRequestVersion(ctx context.Context, errs field.ErrorList) field.ErrorList {
	gv, ok := requestVersion(ctx)
	renamed := n.toVersion[gv]
	if !ok || len(renamed) == 0 || len(errs) == 0 {
		return errs
	}
	out := make(field.ErrorList, 0, len(errs))
	for _, err := range errs {
		renamedErr := *err
		renamedErr.Field = rename(err.Field, renamed)
		out = append(out, &renamedErr)
	}
	return out
}

// fieldPathInText finds the field paths in a column description, such as
// spec.name in "What the Cat is called (spec.name).".
var fieldPathInText = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]]*\])+`)

// columnsInRequestVersion names the fields that the descriptions of columns
// mention as the version the request was sent to does.
func (n fieldNames) columnsInRequestVersion(ctx context.Context, columns []metav1.TableColumnDefinition) []metav1.TableColumnDefinition {
	gv, ok := requestVersion(ctx)
	renamed := n.toVersion[gv]
	if !ok || len(renamed) == 0 {
		return columns
	}
	out := make([]metav1.TableColumnDefinition, len(columns))
	for i, column := range columns {
		column.Description = fieldPathInText.ReplaceAllStringFunc(column.Description, func(path string) string { return rename(path, renamed) })
		out[i] = column
	}
	return out
}
