package app

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"readyroom/app/store"
)

// A window that could not open its data (NewProblem) still has every
// service bound: whatever is called, by the window or a script through the
// bindings, answers with an error in words and its code, never a nil
// dereference (a recovered panic in Go; with WebKit's signal handlers in the
// process, possibly a crash). The problem screen's own calls (why, the
// backups, restore) keep working; the others say no data is open.
func TestAWindowWithoutDataAnswersEveryCallInWords(t *testing.T) {
	problem := fmt.Errorf("%w: the database file is damaged", store.ErrCorrupt)
	a := NewProblem(problem, t.TempDir(), nil)
	works := map[string]bool{ // what the problem screen and the shell use
		"App.StartupProblem": true, "App.Info": true, "App.CanRestore": true, "App.Backups": true,
		"BackupService.Backups": true, "BackupService.RestoreNote": true,
	}
	calls := 0
	for _, svc := range Services(a) {
		v := reflect.ValueOf(svc)
		ty := v.Type()
		for i := 0; i < ty.NumMethod(); i++ {
			m := ty.Method(i)
			name := ty.Elem().Name() + "." + m.Name
			// Plausible arguments: a record id for strings, 1 for numbers, the
			// zero value of anything else.
			args := make([]reflect.Value, m.Type.NumIn()-1)
			for j := range args {
				args[j] = reflect.New(m.Type.In(j + 1)).Elem()
				switch args[j].Kind() {
				case reflect.String:
					args[j].SetString("01JD0000000000000000000001")
				case reflect.Int, reflect.Int64:
					args[j].SetInt(1)
				}
			}
			var out []reflect.Value
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s panics without data: %v", name, r)
					}
				}()
				out = v.Method(i).Call(args)
			}()
			calls++
			if out == nil || works[name] || len(out) == 0 {
				continue
			}
			last := out[len(out)-1]
			if last.Type() != reflect.TypeFor[error]() {
				continue
			}
			err, _ := last.Interface().(error)
			if err == nil {
				continue // answered without the data (a setting, a listing of files)
			}
			if strings.Contains(err.Error(), "runtime error") || strings.Contains(err.Error(), "nil") {
				t.Errorf("%s: %v, want an error in words", name, err)
			}
		}
	}
	if calls < 90 {
		t.Fatalf("called %d bound methods; the services hold more", calls)
	}
	if _, err := (&DeskService{a.core}).People(); ErrorCode(err) != CodeUnavailable || !errors.Is(err, ErrUnavailable) {
		t.Errorf("People without data: %v (code %q), want %q", err, ErrorCode(err), CodeUnavailable)
	}
	if a.StartupProblem() == "" {
		t.Error("the problem is said")
	}
}
