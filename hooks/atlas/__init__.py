"""Atlas's project file: the HCL reader (`hcl`) and what an `atlas.hcl` says about its
envs, the schema sources they apply and their diff policies (`envs`)."""

__all__ = ["envs", "hcl"]
