//go:build mage
// +build mage

package main

import (
	// mage:import
	build "github.com/grafana/grafana-plugin-sdk-go/build"
)

// Default configures the default target. `mage -v build:linux` builds the nested data source
// into dist/datasource/ exactly like scripts/build-backend.sh, which needs no mage install.
var Default = build.BuildAll
