"""Delivery of an approved change through a git forge: pull requests (GitHub) and merge
requests (GitLab).

The model and the Protocol both forges implement (`forge`), their REST clients (`github`,
`gitlab`), the text of a pull request made from an incident record (`pr_text`) and the
verification and parsing of the forges' webhooks (`webhooks`). The contract the clients rely
on is docs/contracts/forges.md.
"""
