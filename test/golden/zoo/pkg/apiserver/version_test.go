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
	"strings"
	"testing"

	utilversion "k8s.io/apimachinery/pkg/util/version"
	"k8s.io/apiserver/pkg/util/compatibility"
)

func TestServerVersionIsSemantic(t *testing.T) {
	for _, own := range []string{"", "v1.2.3", "v0.0.0-20260101000000-0123456789ab+dirty", "release 7/b"} {
		buildVersion = own
		info := WithServerVersion(compatibility.DefaultBuildEffectiveVersion()).Info()
		got, err := utilversion.ParseSemantic(info.GitVersion)
		if err != nil {
			t.Fatalf("version %q: kubectl version could not parse %q: %v", own, info.GitVersion, err)
		}
		if want := info.Major + "." + info.Minor + "."; !strings.HasPrefix(got.String(), want) {
			t.Errorf("version %q: %s is not Kubernetes %s", own, info.GitVersion, want)
		}
		if !strings.Contains(info.GitVersion, "+zoo.") {
			t.Errorf("version %q: %s does not name the server", own, info.GitVersion)
		}
		if info.EmulationMajor != info.Major || info.EmulationMinor != info.Minor {
			t.Errorf("emulates %s.%s, built on %s.%s", info.EmulationMajor, info.EmulationMinor, info.Major, info.Minor)
		}
	}
	buildVersion = ""
}
