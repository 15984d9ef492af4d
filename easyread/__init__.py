"""Easy-read ("Eenvoudige taal") tools: readability measures, the glossary in the
page text, and the bookkeeping that tells editors an easy-read version may be stale."""
