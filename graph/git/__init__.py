"""The GitOps repository: running git, the checkout, values and incidents in it, history."""
