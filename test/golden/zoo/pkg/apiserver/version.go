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
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"

	apimachineryversion "k8s.io/apimachinery/pkg/version"
	basecompatibility "k8s.io/component-base/compatibility"
)

// buildVersion is the server's own version. A release build sets it:
//
//	go build -ldflags "-X demo.io/zoo/pkg/apiserver.buildVersion=v1.2.3" ./cmd/apiserver
//
// (make build passes VERSION, by default git describe). Left empty, it is the
// version Go stamps into the binary from version control, or v0.0.0-dev.
var buildVersion string

// WithServerVersion makes /version, which kubectl version reads, report a
// version clients can parse and compare: the Kubernetes release whose
// libraries the server is built on, with the server's own version as build
// metadata, such as v1.37.2+zoo.v0.1.0. The release it emulates is
// reported beside it (emulationMajor, emulationMinor). Without this, a binary
// built without Kubernetes' own ldflags reports v0.0.0-master+$Format:%H$,
// which kubectl version refuses.
func WithServerVersion(effective basecompatibility.EffectiveVersion) basecompatibility.EffectiveVersion {
	if effective == nil {
		return nil
	}
	return serverVersion{effective}
}

type serverVersion struct {
	basecompatibility.EffectiveVersion
}

func (v serverVersion) Info() *apimachineryversion.Info {
	info := v.EffectiveVersion.Info()
	if info == nil {
		return nil
	}
	build, _ := debug.ReadBuildInfo()
	kube := fmt.Sprintf("v%s.%s.0", info.Major, info.Minor)
	own := buildVersion
	if build != nil {
		for _, dep := range build.Deps {
			// k8s.io/apiserver v0.37.2 is part of Kubernetes v1.37.2.
			if m := publishedStaging.FindStringSubmatch(dep.Version); dep.Path == "k8s.io/apiserver" && m != nil {
				kube = "v1." + m[1]
			}
		}
		if own == "" && build.Main.Version != "(devel)" {
			own = build.Main.Version
		}
		// Not Kubernetes' commit and date, which its own ldflags would set,
		// but the server's, as Go stamps them from version control.
		info.GitCommit, info.GitTreeState = "", ""
		for _, s := range build.Settings {
			switch s.Key {
			case "vcs.revision":
				info.GitCommit = s.Value
			case "vcs.time":
				info.BuildDate = s.Value
			case "vcs.modified":
				info.GitTreeState = map[string]string{"true": "dirty", "false": "clean"}[s.Value]
			}
		}
	}
	if own == "" {
		own = "v0.0.0-dev"
	}
	info.GitVersion = kube + "+" + buildMetadata("zoo."+own)
	return info
}

var (
	publishedStaging = regexp.MustCompile(`^v0\.(\d+\.\d+)$`)
	notInMetadata    = regexp.MustCompile(`[^0-9A-Za-z.-]+`)
)

// buildMetadata turns s into semantic versioning's build metadata:
// dot-separated identifiers of letters, digits and hyphens.
func buildMetadata(s string) string {
	var ids []string
	for _, id := range strings.Split(notInMetadata.ReplaceAllString(s, "."), ".") {
		if id != "" {
			ids = append(ids, id)
		}
	}
	return strings.Join(ids, ".")
}
