/*
Copyright 2026 The Zoo Authors.

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

package apiserver

import (
	"encoding/json"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// TestStorageCodec checks that every kind the server serves is written to
// etcd in a version it is served in, and reads back as the same kind.
func TestStorageCodec(t *testing.T) {
	codec := Codecs.LegacyCodec(StorageVersions()...)
	served := map[string]bool{}
	for _, gv := range groupVersions {
		served[gv.groupVersion.String()] = true
	}
	for gvk := range Scheme.AllKnownTypes() {
		if !served[gvk.GroupVersion().String()] {
			continue
		}
		obj, err := Scheme.New(gvk)
		if err != nil {
			t.Fatal(err)
		}
		accessor, isObject := obj.(metav1.Object)
		if !isObject {
			continue // lists and options are never stored
		}
		accessor.SetName("x")
		data, err := runtime.Encode(codec, obj)
		if err != nil {
			t.Errorf("%s: %v", gvk, err)
			continue
		}
		var typeMeta metav1.TypeMeta
		if err := json.Unmarshal(data, &typeMeta); err != nil {
			t.Fatal(err)
		}
		if typeMeta.Kind != gvk.Kind || !served[typeMeta.APIVersion] {
			t.Errorf("%s is stored as %s, %s", gvk, typeMeta.APIVersion, typeMeta.Kind)
		}
		if _, err := runtime.Decode(codec, data); err != nil {
			t.Errorf("%s: %v", gvk, err)
		}
	}
}

// TestDefinitionNamer checks that the published OpenAPI does not mention the
// internal version our types are registered under.
func TestDefinitionNamer(t *testing.T) {
	namer := NewDefinitionNamer()
	for gvk := range Scheme.AllKnownTypes() {
		if gvk.Version != runtime.APIVersionInternal {
			continue
		}
		name, err := Scheme.ToOpenAPIDefinitionName(gvk)
		if err != nil {
			t.Fatalf("%s: %v", gvk, err)
		}
		_, extensions := namer.GetDefinitionName(name)
		gvks, err := json.Marshal(extensions)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(gvks), runtime.APIVersionInternal) {
			t.Errorf("OpenAPI definition %s lists the internal version: %s", name, gvks)
		}
	}
}
