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
	"net/url"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/runtime/schema"
)

// TestParameterCodec checks that every options kind of a served version
// decodes from a query string, as the server decodes a connect
// subresource's options: with ParameterCodec, from the kind's version. An
// options type without a conversion from url.Values fails here (run
// `make generate` after adding +k8s:conversion-gen:explicit-from).
func TestParameterCodec(t *testing.T) {
	served := map[schema.GroupVersion]bool{}
	for _, gv := range groupVersions {
		served[gv.groupVersion] = true
	}
	for gvk := range Scheme.AllKnownTypes() {
		if !served[gvk.GroupVersion()] || !strings.HasSuffix(gvk.Kind, "Options") {
			continue
		}
		obj, err := Scheme.New(gvk)
		if err != nil {
			t.Fatal(err)
		}
		// Unknown parameters are ignored, but any parameter at all makes the
		// codec look for the conversion.
		if err := ParameterCodec.DecodeParameters(url.Values{"unknown": {"1"}}, gvk.GroupVersion(), obj); err != nil {
			t.Errorf("%s does not decode from a query string: %v", gvk, err)
		}
	}
}
