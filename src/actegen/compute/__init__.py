"""Pure computations of actegen: Decimal in, frozen dataclasses out, no I/O.

One module per subject, each citing its rule: ``prix`` (prix de cession d'un LTS),
``frais`` (frais de vente, frais d'acquisition), ``pret`` (prêt UES, tableau
d'amortissement, apport, lissage de l'AL), ``solvabilite``, ``paiement`` (70 % / 30 %,
consignation, impayés), ``garanties`` (rachat, relogement), ``assurance`` (assurance
revente), ``portage``, ``vefa`` (échéancier R.261-14), ``anti_speculation`` (vente Hlm,
L.443-12-1). Every result carries its explanation (``explain.Ligne``). ``dossier.compute``
runs them over a whole case (stage 3 of the pipeline).
"""
