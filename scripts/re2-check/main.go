// Command re2-check compiles every pattern of the rule data with Go's regexp package (RE2
// syntax, the engine the OpenTelemetry Collector's OTTL uses) and reports the ones it
// rejects. A test-time tool only: `go run ./scripts/re2-check rules/rules.json`.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
)

type rule struct {
	ID     string `json:"id"`
	Re     string `json:"re"`
	Flags  string `json:"flags"`
	Unless string `json:"unless"`
}

type locus struct {
	Locus string `json:"locus"`
	Re    string `json:"re"`
}

type ruleFile struct {
	Loci         []locus `json:"loci"`
	TextRules    []rule  `json:"textRules"`
	NotRetryable struct {
		Re string `json:"re"`
	} `json:"notRetryable"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: re2-check <rules.json>")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var file ruleFile
	if err := json.Unmarshal(data, &file); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	failed := 0
	checked := 0
	for _, l := range file.Loci {
		checked++
		if _, err := regexp.Compile(l.Re); err != nil {
			failed++
			fmt.Printf("locus %s: %v\n", l.Locus, err)
		}
	}
	for _, r := range file.TextRules {
		prefix := ""
		if strings.Contains(r.Flags, "m") {
			prefix += "(?m)"
		}
		if strings.Contains(r.Flags, "s") {
			prefix += "(?s)"
		}
		for _, p := range []struct{ what, pattern string }{{"re", prefix + r.Re}, {"unless", r.Unless}} {
			if p.pattern == "" || p.pattern == prefix {
				continue
			}
			checked++
			if _, err := regexp.Compile(p.pattern); err != nil {
				failed++
				fmt.Printf("%s (%s): %v\n", r.ID, p.what, err)
			}
		}
	}
	if file.NotRetryable.Re != "" {
		checked++
		if _, err := regexp.Compile(file.NotRetryable.Re); err != nil {
			failed++
			fmt.Printf("notRetryable: %v\n", err)
		}
	}
	fmt.Printf("%d patterns checked, %d rejected\n", checked, failed)
	if failed > 0 {
		os.Exit(1)
	}
}
