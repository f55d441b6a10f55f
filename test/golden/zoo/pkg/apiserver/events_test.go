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
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/kube-openapi/pkg/validation/spec"

	generatedopenapi "demo.io/zoo/pkg/generated/openapi"
)

// TestEventsAPIGroup checks that the server serves events.k8s.io/v1 Events
// with every verb once their group is added (installing them needs their
// OpenAPI definitions), and none without.
func TestEventsAPIGroup(t *testing.T) {
	if code, _, body := getPath(t, newTestServer(t), "/apis/events.k8s.io/v1", ""); code != http.StatusNotFound {
		t.Errorf("without the Events group, GET /apis/events.k8s.io/v1: %d %s, want 404", code, body)
	}

	var destroyed int
	config := newTestConfig(&destroyed)
	getDefinitions := WithEventDefinitions(generatedopenapi.GetOpenAPIDefinitions)
	namer := NewDefinitionNamer()
	config.GenericConfig.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(getDefinitions, namer)
	config.GenericConfig.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(getDefinitions, namer)
	config.ExtraConfig.APIGroups = append(config.ExtraConfig.APIGroups, EventsAPIGroup(time.Hour))
	server, err := config.Complete().New()
	if err != nil {
		t.Fatal(err)
	}
	// PrepareRun serves the OpenAPI documents.
	server.GenericAPIServer.PrepareRun()
	ts := httptest.NewServer(server.GenericAPIServer.Handler)
	t.Cleanup(ts.Close)

	code, _, body := getPath(t, ts, "/apis/events.k8s.io/v1", "")
	var list metav1.APIResourceList
	if err := json.Unmarshal([]byte(body), &list); code != http.StatusOK || err != nil {
		t.Fatalf("GET /apis/events.k8s.io/v1: %d %v %s", code, err, body)
	}
	if len(list.APIResources) != 1 || list.APIResources[0].Name != "events" || !list.APIResources[0].Namespaced ||
		strings.Join(list.APIResources[0].Verbs, ",") != "create,delete,deletecollection,get,list,patch,update,watch" {
		t.Errorf("discovery of events.k8s.io/v1: %s, want namespaced events with every verb", body)
	}

	path := "/apis/events.k8s.io/v1/namespaces/default/events?fieldSelector=regarding.name%3Dkit"
	code, _, body = getPath(t, ts, path, "application/json;as=Table;v=v1;g=meta.k8s.io")
	if code != http.StatusOK || !strings.Contains(body, `"name":"Last Seen"`) {
		t.Errorf("GET %s as a table: %d %s", path, code, body)
	}
	code, _, body = getPath(t, ts, "/openapi/v3/apis/events.k8s.io/v1", "")
	if code != http.StatusOK || !strings.Contains(body, `"io.k8s.api.events.v1.Event"`) {
		t.Errorf("OpenAPI v3 of events.k8s.io/v1: %d, no Event in %.300s", code, body)
	}
}

// TestEventDefinitionsMatchTheGoTypes checks the written definitions against
// the Go types: every JSON field is defined, with a description, and every
// definition referred to is a dependency.
func TestEventDefinitionsMatchTheGoTypes(t *testing.T) {
	definitions := eventDefinitions(func(name string) spec.Ref { return spec.MustCreateRef("#/definitions/" + name) })
	var fieldsOf func(reflect.Type) []string
	fieldsOf = func(typ reflect.Type) []string {
		var names []string
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.Anonymous && name == "" {
				names = append(names, fieldsOf(f.Type)...)
			} else {
				names = append(names, name)
			}
		}
		return names
	}
	itemsOf := func(s spec.Schema) spec.Schema {
		if s.Items == nil || s.Items.Schema == nil {
			return spec.Schema{}
		}
		return *s.Items.Schema
	}
	types := []interface{ OpenAPIModelName() string }{eventsv1.Event{}, eventsv1.EventList{}, eventsv1.EventSeries{}, corev1.ObjectReference{}, corev1.EventSource{}}
	if len(definitions) != len(types) {
		t.Errorf("%d definitions for %d types", len(definitions), len(types))
	}
	for _, typ := range types {
		name := typ.OpenAPIModelName()
		definition, ok := definitions[name]
		if !ok {
			t.Errorf("%s is not defined", name)
			continue
		}
		want := fieldsOf(reflect.TypeOf(typ))
		var got []string
		for property, schema := range definition.Schema.Properties {
			got = append(got, property)
			if schema.Description == "" {
				t.Errorf("%s.%s has no description", name, property)
			}
			for _, s := range []spec.Schema{schema, itemsOf(schema)} {
				if ref := strings.TrimPrefix(s.Ref.String(), "#/definitions/"); ref != "" && !slices.Contains(definition.Dependencies, ref) {
					t.Errorf("%s.%s refers to %s, which is not among its dependencies", name, property, ref)
				}
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s defines %v, its Go type has %v", name, got, want)
		}
	}
}
