package seed

import (
	"strings"
	"testing"
)

const reference = "## Things\n\n### Go\n\n```go\nimport \"x\"\n\n// First\na := f(\"job-12345\")\n\n// Second\nerr := g()\nh(a)\n```\n\n```python\nignored()\n```\n"

func TestFragmentsSplitAtLeadingComments(t *testing.T) {
	fragments, err := Fragments(reference)
	if err != nil {
		t.Fatal(err)
	}
	if len(fragments) != 2 || fragments[0].Comment != "First" || fragments[1].Comment != "Second" || fragments[0].Section != "Things" {
		t.Fatalf("got %+v", fragments)
	}
	if strings.Join(fragments[1].Code, "\n") != "err := g()\nh(a)" {
		t.Fatalf("second fragment: %q", fragments[1].Code)
	}
}

func TestGenerateFillsOnlyTheKnownLiteralsAndDeclaresWhatIsMissing(t *testing.T) {
	source, err := Generate(reference)
	if err != nil {
		t.Fatal(err)
	}
	text := string(source)
	for _, want := range []string{`f(fx.JobID)`, "func seedThingsFirst(fx *seedFixture) error", "\tvar err error\n\t// ---- seed fragment ----\n\ta := f("} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in:\n%s", want, text)
		}
	}
	if strings.Count(text, "var err error") != 1 {
		t.Errorf("var err error must precede only the fragment that does not declare err:\n%s", text)
	}
}

func TestAnUnclosedBlockIsAnError(t *testing.T) {
	if _, err := Fragments("```go\nx := 1\n"); err == nil {
		t.Fatal("an unclosed block was accepted")
	}
}
