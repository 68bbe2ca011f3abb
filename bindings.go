//go:build bindings

package main

// bindingsOnly is true in the build Wails runs to generate the frontend's
// TypeScript bindings: the window is never shown, so no database is opened.
const bindingsOnly = true
