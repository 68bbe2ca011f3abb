//go:build benchhello

// Command hello is the smallest Wails v2 app: the baseline build/scripts/bench.sh
// measures Ready Room's first window and memory against. Built with the
// production binary's tags and benchhello, which keeps it out of go test
// ./... and the readyroom binary:
//
//	go build -tags benchhello,desktop,production,webkit2_41 -o build/bin/hello ./build/bench/hello
package main

import (
	"embed"
	"fmt"
	"os"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

//go:embed index.html
var assets embed.FS

func main() {
	err := wails.Run(&options.App{
		Title:            "Hello",
		Width:            1280,
		Height:           800,
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 246, G: 247, B: 249, A: 255},
		Linux:            &linux.Options{ProgramName: "hello", WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "hello:", err)
		os.Exit(1)
	}
}
