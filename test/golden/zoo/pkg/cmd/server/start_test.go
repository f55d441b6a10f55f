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

package server

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/kube-openapi/pkg/validation/spec"

	"demo.io/zoo/pkg/apiserver"
	generatedopenapi "demo.io/zoo/pkg/generated/openapi"
)

// TestServerRunFlags checks that the run options of the generic server are
// flags of the command, with kube-apiserver's defaults, and that they reach
// the server's configuration.
func TestServerRunFlags(t *testing.T) {
	o := NewOptions(io.Discard, io.Discard)
	cmd := NewCommandStartServer(context.Background(), o)
	defaults := map[string]string{
		"shutdown-delay-duration": "0s",
		"request-timeout":         "1m0s",
		"max-requests-inflight":   "400",
		"goaway-chance":           "0",
	}
	for name, want := range defaults {
		flag := cmd.Flags().Lookup(name)
		if flag == nil {
			t.Errorf("no --%s flag", name)
			continue
		}
		if flag.DefValue != want {
			t.Errorf("--%s defaults to %s, want %s", name, flag.DefValue, want)
		}
	}

	if err := cmd.Flags().Parse([]string{"--shutdown-delay-duration=15s", "--request-timeout=30s", "--max-requests-inflight=10", "--goaway-chance=0.001"}); err != nil {
		t.Fatal(err)
	}
	config := genericapiserver.NewConfig(apiserver.Codecs)
	if err := o.ServerRun.ApplyTo(config); err != nil {
		t.Fatal(err)
	}
	if config.ShutdownDelayDuration != 15*time.Second || config.RequestTimeout != 30*time.Second || config.MaxRequestsInFlight != 10 || config.GoawayChance != 0.001 {
		t.Errorf("the flags did not reach the configuration: delay %s, timeout %s, in flight %d, goaway %v",
			config.ShutdownDelayDuration, config.RequestTimeout, config.MaxRequestsInFlight, config.GoawayChance)
	}

	if err := cmd.Flags().Parse([]string{"--goaway-chance=0.5"}); err != nil {
		t.Fatal(err)
	}
	if err := o.Validate(nil); err == nil || !strings.Contains(err.Error(), "goaway-chance") {
		t.Errorf("got %v, want --goaway-chance refused", err)
	}
}

// TestEventTTLFlag checks that --event-ttl exists exactly when the server can
// serve Events: with a kind stored in etcd, where it keeps them.
func TestEventTTLFlag(t *testing.T) {
	cmd := NewCommandStartServer(context.Background(), NewOptions(io.Discard, io.Discard))
	flag := cmd.Flags().Lookup("event-ttl")
	switch {
	case apiserver.UsesEtcd() && flag == nil:
		t.Error("a server with etcd has no --event-ttl for the Events it serves in --standalone mode")
	case !apiserver.UsesEtcd() && flag != nil:
		t.Error("a server without etcd has --event-ttl, but nowhere to keep Events")
	}
}

// TestFeatureOpenAPIDefinitions checks that in --standalone mode with etcd,
// the features add the definition of events.k8s.io/v1 Event to the OpenAPI
// definitions Config builds the server's OpenAPI configuration from.
func TestFeatureOpenAPIDefinitions(t *testing.T) {
	o := NewOptions(io.Discard, io.Discard)
	o.Standalone = true
	getDefinitions := generatedopenapi.GetOpenAPIDefinitions
	for _, f := range o.Features {
		getDefinitions = f.OpenAPIDefinitions(o, getDefinitions)
	}
	_, hasEvent := getDefinitions(func(string) spec.Ref { return spec.Ref{} })["io.k8s.api.events.v1.Event"]
	if apiserver.UsesEtcd() != hasEvent {
		t.Errorf("with etcd %v, the OpenAPI definitions have Event: %v", apiserver.UsesEtcd(), hasEvent)
	}
}
