"""Thai text as PDFs break it, and how to mend it: the leaf every stage may use.

Contract: this package knows nothing of reports, files or stages; it imports none of them.
``chars`` is the one table of Thai character classes; ``repairs`` the text-layer repairs (each a
counted ``str -> (str, int)``) and ``repair_layer`` that runs them; ``damage`` the counters of
what is left broken; ``dictionary`` the Thai word list as a judge of readings; ``spelling`` the
folds of spellings a reader cannot tell apart; ``tokenizer`` (over ``newmm``) Thai words.
"""
