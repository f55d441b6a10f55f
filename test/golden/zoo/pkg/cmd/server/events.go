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
	"fmt"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/kube-openapi/pkg/common"

	"demo.io/zoo/pkg/apiserver"
	"demo.io/zoo/pkg/registry"
)

// Without a kube-apiserver (--standalone), the server keeps the Events of the
// controllers run next to it, in its etcd (see pkg/apiserver/events.go). A
// project has this file once it stores a kind in etcd: a server without etcd
// has nowhere to keep them, and no --event-ttl.

func init() {
	features = append(features, func() feature { return &eventOptions{TTL: registry.DefaultEventTTL} })
}

// eventOptions are the options of the Events of --standalone mode.
type eventOptions struct {
	// TTL is how long an Event is kept after it was last written, as
	// kube-apiserver's --event-ttl.
	TTL time.Duration
}

// AddFlags implements feature.
func (e *eventOptions) AddFlags(fs *pflag.FlagSet) {
	fs.DurationVar(&e.TTL, "event-ttl", e.TTL,
		"With --standalone, the server serves events.k8s.io/v1 Events, for the controllers run next to it: "+
			"how long an Event is kept after it was last written.")
}

// Validate implements feature.
func (e *eventOptions) Validate(o *Options) []error {
	if o.Standalone && e.TTL < time.Second {
		return []error{fmt.Errorf("--event-ttl must be at least 1s, not %s", e.TTL)}
	}
	return nil
}

// served tells whether the server serves Events: in --standalone mode,
// where no kube-apiserver does, and with an etcd to keep them in.
func (e *eventOptions) served(o *Options) bool {
	return o.Standalone && apiserver.UsesEtcd()
}

// OpenAPIDefinitions implements feature: served Events need theirs.
func (e *eventOptions) OpenAPIDefinitions(o *Options, getDefinitions common.GetOpenAPIDefinitions) common.GetOpenAPIDefinitions {
	if !e.served(o) {
		return getDefinitions
	}
	return apiserver.WithEventDefinitions(getDefinitions)
}

// ApplyTo implements feature: the server serves the events.k8s.io group.
func (e *eventOptions) ApplyTo(o *Options, config *apiserver.Config) error {
	if e.served(o) {
		config.ExtraConfig.APIGroups = append(config.ExtraConfig.APIGroups, apiserver.EventsAPIGroup(e.TTL))
	}
	return nil
}
