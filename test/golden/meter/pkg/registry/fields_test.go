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
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestGetAttrs(t *testing.T) {
	s := newWidgetStrategy(t)
	w := &widget{ObjectMeta: metav1.ObjectMeta{Name: "w", Namespace: "ns", Labels: map[string]string{"a": "b"}}, Spec: widgetSpec{Size: 3}}
	labels, fields, err := s.GetAttrs(w)
	if err != nil {
		t.Fatal(err)
	}
	if labels["a"] != "b" {
		t.Errorf("labels are %v", labels)
	}
	want := map[string]string{"metadata.name": "w", "metadata.namespace": "ns", "spec.size": "3"}
	if len(fields) != len(want) {
		t.Errorf("fields are %v, want %v", fields, want)
	}
	for k, v := range want {
		if fields[k] != v {
			t.Errorf("field %s is %q, want %q", k, fields[k], v)
		}
	}
}

func TestFieldLabelConversions(t *testing.T) {
	scheme := newWidgetScheme()
	s, err := NewStrategy(scheme, widgetKind)
	if err != nil {
		t.Fatal(err)
	}
	if err := addFieldLabelConversions(scheme, s); err != nil {
		t.Fatal(err)
	}
	gvk := widgetGV.WithKind("widget")
	for _, label := range []string{"metadata.name", "metadata.namespace", "spec.size"} {
		if _, _, err := scheme.ConvertFieldLabel(gvk, label, "x"); err != nil {
			t.Errorf("%s: %v", label, err)
		}
	}
	if _, _, err := scheme.ConvertFieldLabel(gvk, "spec.color", "x"); err == nil {
		t.Error("spec.color is accepted, but the widget has no such selectable field")
	}
}
