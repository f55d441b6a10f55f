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
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/sets"
)

// addFieldLabelConversions tells the scheme which fields lists and watches
// can select the kind's objects by: those GetAttrs returns, and
// metadata.namespace even for a cluster-scoped kind (as the default does).
// The server checks every field selector against the scheme before it lists
// or watches, and without a conversion of its own a kind only accepts
// metadata.name and metadata.namespace. As Kubernetes' field label conversion
// functions do, each version's selectors name that version's fields (see
// FieldRenamer), converted to the internal names GetAttrs returns.
func addFieldLabelConversions[T runtime.Object](scheme *runtime.Scheme, strategy Strategy[T]) error {
	_, fieldSet, err := strategy.GetAttrs(strategy.kind.New())
	if err != nil {
		return err
	}
	selectable := sets.New("metadata.name", "metadata.namespace")
	for label := range fieldSet {
		selectable.Insert(label)
	}
	for _, gvk := range strategy.gvks {
		toVersion, fromVersion := strategy.renames.toVersion[gvk.GroupVersion()], strategy.renames.fromVersion[gvk.GroupVersion()]
		inVersion := sets.New[string]()
		for label := range selectable {
			inVersion.Insert(rename(label, toVersion))
		}
		convert := func(label, value string) (string, string, error) {
			if !inVersion.Has(label) {
				return "", "", fmt.Errorf("field label not supported: %s (%s in %s can be selected by %s)", label, strategy.kind.Resource, gvk.Version, strings.Join(sets.List(inVersion), ", "))
			}
			return rename(label, fromVersion), value, nil
		}
		if err := scheme.AddFieldLabelConversionFunc(gvk, convert); err != nil {
			return err
		}
	}
	return nil
}
