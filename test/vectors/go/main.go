// Command go checks Warrant's Go interoperability vector (../warrant-go-vector.json) with the Go checksum
// database's own packages, golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog, independently of
// Warrant's code:
//   - both checkpoints open as signed notes under the vector's verifier key (note.Open);
//   - the tree is rebuilt from the leaf data with tlog.StoredHashes; its roots are the checkpoints' roots;
//   - every inclusion proof passes tlog.CheckRecord and equals tlog.ProveRecord's;
//   - the consistency proof passes tlog.CheckTree and equals tlog.ProveTree's;
//   - an altered proof is refused.
//
// Run from the repository root: (cd test/vectors/go && go mod tidy && go run .)
// or with the vector's path: go run . path/to/warrant-go-vector.json
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type vector struct {
	Format      string `json:"format"`
	Origin      string `json:"origin"`
	VerifierKey string `json:"verifier_key"`
	Leaves      []struct {
		Index int64     `json:"index"`
		Data  string    `json:"data"`
		Hash  tlog.Hash `json:"hash"`
	} `json:"leaves"`
	Checkpoints []checkpoint `json:"checkpoints"`
	Inclusion   []struct {
		Index    int64       `json:"index"`
		TreeSize int64       `json:"tree_size"`
		Proof    []tlog.Hash `json:"proof"`
	} `json:"inclusion"`
	Consistency struct {
		OldSize int64       `json:"old_size"`
		NewSize int64       `json:"new_size"`
		Proof   []tlog.Hash `json:"proof"`
	} `json:"consistency"`
}

type checkpoint struct {
	Size int64     `json:"size"`
	Root tlog.Hash `json:"root"`
	Note string    `json:"note"`
}

// hashes is an in-memory tlog hash store, indexed as tlog.StoredHashIndex lays hashes out.
type hashes []tlog.Hash

func (h hashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, index := range indexes {
		if index >= int64(len(h)) {
			return nil, fmt.Errorf("hash %d not stored", index)
		}
		out[i] = h[index]
	}
	return out, nil
}

func check(ok bool, format string, args ...any) {
	if !ok {
		fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
		os.Exit(1)
	}
}

func must(err error, what string) {
	check(err == nil, "%s: %v", what, err)
}

// openCheckpoint verifies the note's signature and parses the tlog-checkpoint body: origin, size, root.
func openCheckpoint(text string, verifier note.Verifier) (string, int64, tlog.Hash) {
	n, err := note.Open([]byte(text), note.VerifierList(verifier))
	must(err, "note.Open")
	lines := strings.Split(n.Text, "\n")
	check(len(lines) >= 4, "checkpoint body has %d lines", len(lines))
	size, err := strconv.ParseInt(lines[1], 10, 64)
	must(err, "checkpoint size")
	root, err := tlog.ParseHash(lines[2])
	must(err, "checkpoint root")
	return lines[0], size, root
}

func main() {
	path := "../warrant-go-vector.json"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	raw, err := os.ReadFile(path)
	must(err, "read vector")
	var v vector
	must(json.Unmarshal(raw, &v), "parse vector")
	check(v.Format == "warrant.go-interop-vector.v1", "unknown format %q", v.Format)

	verifier, err := note.NewVerifier(v.VerifierKey)
	must(err, "note.NewVerifier")
	check(verifier.Name() == v.Origin, "key name %q is not the origin %q", verifier.Name(), v.Origin)

	var stored hashes
	for i, leaf := range v.Leaves {
		check(leaf.Index == int64(i), "leaf %d out of order", i)
		check(tlog.RecordHash([]byte(leaf.Data)) == leaf.Hash, "leaf %d: RecordHash differs from the vector's", i)
		more, err := tlog.StoredHashes(int64(i), []byte(leaf.Data), stored)
		must(err, "tlog.StoredHashes")
		stored = append(stored, more...)
	}

	roots := map[int64]tlog.Hash{}
	for _, cp := range v.Checkpoints {
		origin, size, root := openCheckpoint(cp.Note, verifier)
		check(origin == v.Origin && size == cp.Size && root == cp.Root, "checkpoint %d: body differs", cp.Size)
		want, err := tlog.TreeHash(size, stored)
		must(err, "tlog.TreeHash")
		check(root == want, "checkpoint %d: root %v, tlog computes %v", size, root, want)
		roots[size] = root
	}

	for _, p := range v.Inclusion {
		root, ok := roots[p.TreeSize]
		check(ok, "no checkpoint of size %d", p.TreeSize)
		must(tlog.CheckRecord(p.Proof, p.TreeSize, root, p.Index, v.Leaves[p.Index].Hash), "tlog.CheckRecord")
		proof, err := tlog.ProveRecord(p.TreeSize, p.Index, stored)
		must(err, "tlog.ProveRecord")
		check(fmt.Sprint(proof) == fmt.Sprint(p.Proof), "leaf %d: proof differs from tlog.ProveRecord's", p.Index)
	}

	c := v.Consistency
	oldRoot, newRoot := roots[c.OldSize], roots[c.NewSize]
	must(tlog.CheckTree(c.Proof, c.NewSize, newRoot, c.OldSize, oldRoot), "tlog.CheckTree")
	proof, err := tlog.ProveTree(c.NewSize, c.OldSize, stored)
	must(err, "tlog.ProveTree")
	check(fmt.Sprint(proof) == fmt.Sprint(c.Proof), "consistency proof differs from tlog.ProveTree's")

	// An altered proof must be refused, or the checks above prove nothing.
	first := v.Inclusion[0]
	bent := append(tlog.RecordProof{}, first.Proof...)
	bent[0][0] ^= 1
	err = tlog.CheckRecord(bent, first.TreeSize, roots[first.TreeSize], first.Index, v.Leaves[first.Index].Hash)
	check(err != nil, "an altered inclusion proof was accepted")

	fmt.Printf("ok: %d leaves, checkpoints %v, %d inclusion proofs and 1 consistency proof (%d -> %d) "+
		"verified by sumdb/note and sumdb/tlog\n",
		len(v.Leaves), sizes(v.Checkpoints), len(v.Inclusion), c.OldSize, c.NewSize)
}

func sizes(cps []checkpoint) []int64 {
	var out []int64
	for _, cp := range cps {
		out = append(out, cp.Size)
	}
	return out
}
