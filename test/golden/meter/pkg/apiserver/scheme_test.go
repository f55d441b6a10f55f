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

package apiserver

import (
	"encoding/json"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"
)

// storageVersions are the kinds the server stores, and the version each is
// stored as in etcd. `apiboot create resource` adds to it.
var storageVersions = []struct {
	kind     schema.GroupKind
	storedAs string
}{
	// +apiboot:scaffold:storage-versions
}

// TestStorageCodec checks that every kind the server stores is written to
// etcd in exactly the version it should be stored as, and reads back as the
// same kind.
func TestStorageCodec(t *testing.T) {
	codec := StorageCodec()
	for _, tt := range storageVersions {
		obj, err := Scheme.New(tt.kind.WithVersion(runtime.APIVersionInternal))
		if err != nil {
			t.Errorf("%s: %v", tt.kind, err)
			continue
		}
		obj.(metav1.Object).SetName("x")
		data, err := runtime.Encode(codec, obj)
		if err != nil {
			t.Errorf("%s: %v", tt.kind, err)
			continue
		}
		var typeMeta metav1.TypeMeta
		if err := json.Unmarshal(data, &typeMeta); err != nil {
			t.Fatal(err)
		}
		if typeMeta.Kind != tt.kind.Kind || typeMeta.APIVersion != tt.storedAs {
			t.Errorf("%s is stored as %s %s, want %s", tt.kind, typeMeta.APIVersion, typeMeta.Kind, tt.storedAs)
		}
		if _, err := runtime.Decode(codec, data); err != nil {
			t.Errorf("%s: %v", tt.kind, err)
		}
	}
}

// TestDefaultsOnDecode checks that the scheme sets the defaults of every kind
// with a Default method whenever it decodes one: from a request, before
// admission sees it, and from storage.
func TestDefaultsOnDecode(t *testing.T) {
	decoders := map[string]runtime.Decoder{
		"request": Codecs.UniversalDecoder(),
		"storage": StorageCodec(),
	}
	for _, tt := range storageVersions {
		gvk := schema.FromAPIVersionAndKind(tt.storedAs, tt.kind.Kind)
		empty, err := Scheme.New(gvk)
		if err != nil {
			t.Fatal(err)
		}
		defaulted, ok := empty.DeepCopyObject().(interface{ Default() })
		if !ok {
			continue
		}
		defaulted.Default()
		// The decoders return the internal type: the kind's own Go type, or
		// its internal type when it is served in several versions.
		want, err := Scheme.ConvertToVersion(defaulted.(runtime.Object), schema.GroupVersion{Group: gvk.Group, Version: runtime.APIVersionInternal})
		if err != nil {
			t.Fatal(err)
		}
		want.GetObjectKind().SetGroupVersionKind(schema.GroupVersionKind{})
		data := []byte(`{"apiVersion":"` + tt.storedAs + `","kind":"` + tt.kind.Kind + `","metadata":{"name":"x"}}`)
		for name, decoder := range decoders {
			got, err := runtime.Decode(decoder, data)
			if err != nil {
				t.Fatalf("%s from %s: %v", gvk, name, err)
			}
			got.(metav1.Object).SetName("")
			got.GetObjectKind().SetGroupVersionKind(schema.GroupVersionKind{})
			if !equality.Semantic.DeepEqual(got, want) {
				t.Errorf("%s decoded from %s is %+v, want its defaults %+v", gvk, name, got, want)
			}
		}
	}
}

// TestPreferredVersions checks that each group prefers its newest, most
// stable version, as the APIServices' versionPriority does: kube-apiserver
// and this server must tell clients the same.
func TestPreferredVersions(t *testing.T) {
	best := map[string]string{}
	for _, gv := range groupVersions {
		v := gv.groupVersion
		if b, ok := best[v.Group]; !ok || version.CompareKubeAwareVersionStrings(v.Version, b) > 0 {
			best[v.Group] = v.Version
		}
	}
	for group, want := range best {
		if got := Scheme.PrioritizedVersionsForGroup(group)[0].Version; got != want {
			t.Errorf("%s prefers %s, want %s", group, got, want)
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
