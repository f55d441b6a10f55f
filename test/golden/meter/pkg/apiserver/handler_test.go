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
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/generic"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/storage"
	"k8s.io/apiserver/pkg/storage/storagebackend"
	"k8s.io/apiserver/pkg/storage/storagebackend/factory"
	"k8s.io/apiserver/pkg/util/compatibility"
	restclient "k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"

	generatedopenapi "demo.io/meter/pkg/generated/openapi"
)

// emptyStorage is a storage that holds nothing: every list is empty. It lets
// the test run the whole handler chain and the installer without etcd; the
// registry's tests cover what the stores do with objects.
type emptyStorage struct {
	storage.Interface
}

func (emptyStorage) Versioner() storage.Versioner { return storage.APIObjectVersioner{} }

func (emptyStorage) ReadinessCheck() error { return nil }

func (emptyStorage) GetList(ctx context.Context, key string, opts storage.ListOptions, listObj runtime.Object) error {
	return storage.APIObjectVersioner{}.UpdateList(listObj, 1, "", nil)
}

// emptyOptions builds every resource's store over an emptyStorage, and
// counts the stores destroyed.
type emptyOptions struct {
	destroyed *int
}

func (o emptyOptions) GetRESTOptions(resource schema.GroupResource, _ runtime.Object) (generic.RESTOptions, error) {
	decorator := func(*storagebackend.ConfigForResource, string, func(runtime.Object) (string, error), func() runtime.Object, func() runtime.Object, storage.AttrFunc, storage.IndexerFuncs, *cache.Indexers) (storage.Interface, factory.DestroyFunc, error) {
		return emptyStorage{}, func() { *o.destroyed++ }, nil
	}
	return generic.RESTOptions{StorageConfig: &storagebackend.ConfigForResource{}, Decorator: decorator, ResourcePrefix: resource.String()}, nil
}

// newTestConfig returns the server's configuration without authentication,
// authorization, admission or etcd.
func newTestConfig(destroyed *int) *Config {
	generic := genericapiserver.NewRecommendedConfig(Codecs)
	generic.RESTOptionsGetter = emptyOptions{destroyed: destroyed}
	generic.LoopbackClientConfig = &restclient.Config{}
	// No secure serving: the test serves the handler itself.
	generic.ExternalAddress = "127.0.0.1:443"
	generic.EffectiveVersion = compatibility.DefaultBuildEffectiveVersion()
	// Installing a resource reads its OpenAPI models, for server-side apply.
	namer := NewDefinitionNamer()
	generic.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(generatedopenapi.GetOpenAPIDefinitions, namer)
	generic.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(generatedopenapi.GetOpenAPIDefinitions, namer)
	return &Config{GenericConfig: generic}
}

// newTestServer serves the handler chain of the real server, with every
// resource of resources installed, over HTTP.
func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	var destroyed int
	server, err := newTestConfig(&destroyed).Complete().New()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.GenericAPIServer.Handler)
	t.Cleanup(ts.Close)
	return ts
}

func getPath(t *testing.T, ts *httptest.Server, path string, accept string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
}

// TestDiscovery checks that every resource of resources is in discovery, in
// its group version, and that each group prefers the version the scheme does.
func TestDiscovery(t *testing.T) {
	ts := newTestServer(t)
	for _, r := range resources {
		gv := r.groupVersion
		code, _, body := getPath(t, ts, "/apis/"+gv.String(), "")
		if code != http.StatusOK {
			t.Fatalf("GET /apis/%s: %d %s", gv, code, body)
		}
		var list metav1.APIResourceList
		if err := json.Unmarshal([]byte(body), &list); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, res := range list.APIResources {
			found = found || res.Name == r.name
		}
		if !found {
			t.Errorf("discovery of %s does not list %s: %s", gv, r.name, body)
		}

		code, _, body = getPath(t, ts, "/apis/"+gv.Group, "")
		var group metav1.APIGroup
		if err := json.Unmarshal([]byte(body), &group); code != http.StatusOK || err != nil {
			t.Fatalf("GET /apis/%s: %d %v %s", gv.Group, code, err, body)
		}
		if want := Scheme.PrioritizedVersionsForGroup(gv.Group)[0].String(); group.PreferredVersion.GroupVersion != want {
			t.Errorf("%s prefers %s, want %s", gv.Group, group.PreferredVersion.GroupVersion, want)
		}
	}
}

// TestListThroughHandlers lists every resource through the handler chain:
// field selectors go through the scheme's field label conversions (the
// fields GetAttrs returns pass, others are a 400), and a client that asks for
// protobuf first gets JSON.
func TestListThroughHandlers(t *testing.T) {
	ts := newTestServer(t)
	for _, r := range resources {
		if strings.Contains(r.name, "/") {
			continue // a foreign subresource has no list
		}
		path := "/apis/" + r.groupVersion.String() + "/" + r.name
		if code, _, body := getPath(t, ts, path+"?fieldSelector=metadata.name%3Dx", ""); code != http.StatusOK {
			t.Errorf("GET %s by metadata.name: %d %s", path, code, body)
		}
		code, _, body := getPath(t, ts, path+"?fieldSelector=spec.nothing%3Dx", "")
		if code != http.StatusBadRequest || !strings.Contains(body, "spec.nothing") {
			t.Errorf("GET %s by an unknown field: %d %s, want 400 naming the field", path, code, body)
		}
		code, contentType, body := getPath(t, ts, path, "application/vnd.kubernetes.protobuf, application/json")
		if code != http.StatusOK || !strings.HasPrefix(contentType, "application/json") {
			t.Errorf("GET %s asking for protobuf first: %d %s %s, want JSON", path, code, contentType, body)
		}
	}
}

// TestLongRunning checks that requests to a connect subresource are
// long-running, and requests to another resource's subresource of the same
// name are not.
func TestLongRunning(t *testing.T) {
	var destroyed int
	groups, err := apiGroups(emptyOptions{destroyed: &destroyed}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	check := longRunningCheck(groups)
	resolver := genericapiserver.NewRequestInfoResolver(&genericapiserver.Config{LegacyAPIGroupPrefixes: nil})
	connects := 0
	for _, group := range groups {
		for version, storages := range group.VersionedResourcesStorageMap {
			for path := range storages {
				resource, subresource, found := strings.Cut(path, "/")
				if !found {
					continue
				}
				gv := group.PrioritizedVersions[0].Group + "/" + version
				req := httptest.NewRequest(http.MethodPost, "/apis/"+gv+"/namespaces/ns/"+resource+"/x/"+subresource, nil)
				info, err := resolver.NewRequestInfo(req)
				if err != nil {
					t.Fatal(err)
				}
				_, isConnect := storages[path].(interface{ ConnectMethods() []string })
				if check(req, info) != isConnect {
					t.Errorf("%s/%s: long-running is %v, want %v", gv, path, !isConnect, isConnect)
				}
				if isConnect {
					connects++
					other := httptest.NewRequest(http.MethodPost, "/apis/"+gv+"/namespaces/ns/other"+resource+"/x/"+subresource, nil)
					otherInfo, _ := resolver.NewRequestInfo(other)
					if check(other, otherInfo) {
						t.Errorf("other%s/%s is long-running because %s/%s is", resource, subresource, resource, subresource)
					}
				}
			}
		}
	}
	watch := httptest.NewRequest(http.MethodGet, "/apis/x.demo.io/v1/things?watch=true", nil)
	watchInfo, _ := resolver.NewRequestInfo(watch)
	if !check(watch, watchInfo) {
		t.Error("a watch is not long-running")
	}
	destroy(groups)
	t.Logf("%d connect subresources", connects)
}

// TestStorageDestroyedOnError checks that the storage built for the server
// is released when the generic server cannot be built.
func TestStorageDestroyedOnError(t *testing.T) {
	var destroyed int
	config := newTestConfig(&destroyed).Complete()
	// GenericConfig.New refuses a configuration without a serializer.
	config.GenericConfig.Serializer = nil
	if _, err := config.New(); err == nil {
		t.Fatal("New succeeded without a serializer")
	}
	// A kind served in several versions has one store, destroyed once.
	stores := map[string]bool{}
	for _, r := range resources {
		if r.newStorage != nil {
			stores[r.groupVersion.Group+"/"+r.name] = true
		}
	}
	if destroyed != len(stores) {
		t.Errorf("%d stores destroyed, want %d", destroyed, len(stores))
	}
}
