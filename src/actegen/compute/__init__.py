"""Pure computations of actegen: Decimal in, frozen dataclasses out, no I/O.

One module per subject, each citing its rule: ``prix`` (prix de cession d'un LTS),
``frais`` (frais de vente, frais d'acquisition), ``pret`` (prêt UES, tableau
d'amortissement, apport, lissage de l'AL), ``solvabilite``, ``paiement`` (70 % / 30 %,
consignation, impayés), ``garanties`` (rachat, relogement), ``assurance`` (assurance
revente), ``portage``. Every result carries its explanation (``explain.Ligne``).
"""
